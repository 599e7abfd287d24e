package dev.tandem.platform.outbox;

import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KafkaClientSecurityTest {

    @Test
    void theEnvironmentKubernetesSetsBecomesTheClientsSecuritySettings() {
        Config config = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/tandem/kafka-ca/ca.crt",
                "KAFKA_BOOTSTRAP_SERVERS", "tandem-kafka-kafka-bootstrap:9093"), 300) {
        }).build();

        assertEquals(Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/tandem/kafka-ca/ca.crt"), KafkaClientSecurity.settings(config));
    }

    @Test
    void nothingSetLeavesTheClientDefaults() {
        Config config = new SmallRyeConfigBuilder().withSources(
                new PropertiesConfigSource(Map.of("kafka.bootstrap.servers", "127.0.0.1:9092", "kafka.sasl.mechanism", " "),
                        "test", 100)).build();

        assertEquals(Map.of(), KafkaClientSecurity.settings(config));
    }
}
