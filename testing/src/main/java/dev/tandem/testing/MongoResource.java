package dev.tandem.testing;

import de.bwaldvogel.mongo.MongoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * Gives a Quarkus test a real MongoDB-wire server: the one named by {@code TANDEM_MONGO} (a connection string)
 * when set, otherwise an in-process mongo-java-server with the memory backend ({@link LocalMemoryBackend}) on a free port.
 */
public class MongoResource implements QuarkusTestResourceLifecycleManager {

    public static final String ENV = "TANDEM_MONGO";

    private MongoServer server;

    @Override
    public Map<String, String> start() {
        String connectionString = System.getenv(ENV);
        if (connectionString == null || connectionString.isBlank()) {
            server = new MongoServer(new LocalMemoryBackend());
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            connectionString = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
        }
        return Map.of("quarkus.mongodb.connection-string", connectionString);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
