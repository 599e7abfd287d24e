package dev.tandem.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A second in-process broker for a test that stops and restarts Kafka under one part of a service (its outbox
 * relay) while the rest keeps the broker of {@link KafkaBrokerResource}. Init argument {@value #PROPERTY} names the
 * setting that points that part at this broker; every other init argument is passed on as configuration.
 * One such broker per test JVM: a profile starts it, the test calls {@link #down()} and {@link #up()}.
 */
public class RestartableKafkaBroker implements QuarkusTestResourceLifecycleManager {

    public static final String PROPERTY = "property";

    private static Path dataDir;
    private static int port;
    private static int controllerPort;
    private static volatile KafkaBroker broker;

    private Map<String, String> arguments = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        arguments = initArgs;
    }

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("tandem-restartable-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = FreePort.find();
        controllerPort = FreePort.find();
        up();
        broker.createTandemTopics();
        Map<String, String> config = new HashMap<>(arguments);
        String property = config.remove(PROPERTY);
        if (property == null) {
            throw new IllegalArgumentException("init argument '" + PROPERTY + "' (the bootstrap setting) is missing");
        }
        config.put(property, bootstrap());
        return config;
    }

    /** Starts the broker again on the same ports and data: what it held before {@link #down()} is still there. */
    public static void up() {
        broker = KafkaBroker.start(dataDir.resolve("log"), port, controllerPort);
    }

    public static void down() {
        broker.close();
        broker = null;
    }

    public static String bootstrap() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void stop() {
        if (broker != null) {
            down();
        }
        TempFolders.delete(dataDir);
    }
}
