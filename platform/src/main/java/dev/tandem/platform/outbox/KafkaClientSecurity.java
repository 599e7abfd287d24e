package dev.tandem.platform.outbox;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TLS and SASL settings of the service's Kafka connection, for the producers a service makes itself (outbox
 * relays, {@link EventProducers}): the same {@code kafka.security.protocol}, {@code kafka.sasl.*} and
 * {@code kafka.ssl.*} properties the SmallRye connector uses, which Kubernetes sets as environment variables
 * ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_JAAS_CONFIG}, ...; see k8s/README.md). None set, as under
 * {@code ./tandem up}: the client's defaults (PLAINTEXT).
 */
public final class KafkaClientSecurity {

    /** Client settings that decide how a client authenticates and what it trusts. */
    static final List<String> SETTINGS = List.of(
            "security.protocol",
            "sasl.mechanism",
            "sasl.jaas.config",
            "ssl.truststore.type",
            "ssl.truststore.location",
            "ssl.truststore.password",
            "ssl.truststore.certificates",
            "ssl.keystore.type",
            "ssl.keystore.location",
            "ssl.keystore.password",
            "ssl.keystore.certificate.chain",
            "ssl.keystore.key",
            "ssl.key.password",
            "ssl.endpoint.identification.algorithm");

    private KafkaClientSecurity() {
    }

    /** The settings of the application's configuration. */
    public static Map<String, Object> settings() {
        return settings(ConfigProvider.getConfig());
    }

    static Map<String, Object> settings(Config config) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String setting : SETTINGS) {
            config.getOptionalValue("kafka." + setting, String.class)
                    .filter(value -> !value.isBlank())
                    .ifPresent(value -> settings.put(setting, value));
        }
        return settings;
    }
}
