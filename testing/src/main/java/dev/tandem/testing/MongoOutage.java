package dev.tandem.testing;

import de.bwaldvogel.mongo.MongoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For a test that takes MongoDB away from a service and gives it back: an in-process Mongo-wire server (memory
 * backend) that the service reaches through a TCP relay on a fixed port. {@link #down()} closes every open connection
 * and refuses new ones, as a store that crashed or lost its network would; {@link #up()} accepts them again, with the
 * data as it was. It points the service's {@code quarkus.mongodb.connection-string} at the relay, starting after
 * {@link MongoResource} so that its setting wins; other init arguments are passed on as configuration. One per test
 * JVM: a test runs with {@code @TestProfile(MongoOutage.Profile.class)}.
 */
public class MongoOutage implements QuarkusTestResourceLifecycleManager {

    private static MongoServer server;
    private static TcpRelay relay;

    private Map<String, String> arguments = Map.of();

    /** Starts this resource; server selection gives up after 1 s, so a request or a write fails fast in an outage. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(MongoOutage.class,
                    Map.of("quarkus.mongodb.server-selection-timeout", "1s")));
        }
    }

    @Override
    public void init(Map<String, String> initArgs) {
        arguments = initArgs;
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public Map<String, String> start() {
        server = new MongoServer(new LocalMemoryBackend());
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        relay = TcpRelay.to("127.0.0.1", server.getLocalAddress().getPort());
        Map<String, String> config = new HashMap<>(arguments);
        config.put("quarkus.mongodb.connection-string", connectionString());
        return config;
    }

    /** Straight to the server, not through the relay: what the test reads and writes itself. */
    public static String directConnectionString() {
        return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    }

    private static String connectionString() {
        return "mongodb://127.0.0.1:" + relay.port();
    }

    public static void up() {
        relay.up();
    }

    public static void down() {
        relay.down();
    }

    @Override
    public void stop() {
        down();
        server.shutdownNow();
    }
}
