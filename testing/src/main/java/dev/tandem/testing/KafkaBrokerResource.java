package dev.tandem.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Gives a Quarkus test a real Kafka broker: the one named by {@code TANDEM_KAFKA} (host:port) when set,
 * otherwise a new in-process KRaft broker on free ports. Either way every Tandem topic exists.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static final String ENV = "TANDEM_KAFKA";

    private KafkaBroker broker;
    private Path dataDir;

    @Override
    public Map<String, String> start() {
        String bootstrap = System.getenv(ENV);
        if (bootstrap == null || bootstrap.isBlank()) {
            try {
                dataDir = Files.createTempDirectory("tandem-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            broker = KafkaBroker.start(dataDir.resolve("log"), FreePort.find(), FreePort.find());
            bootstrap = broker.bootstrapServers();
        }
        KafkaBroker.createTopics(bootstrap, dev.tandem.events.Topics.allTopics(), dev.tandem.events.Topics.PARTITIONS);
        return Map.of("kafka.bootstrap.servers", bootstrap);
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            TempFolders.delete(dataDir);
        }
    }
}
