package dev.tandem.testing;

import de.bwaldvogel.mongo.MongoServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    private static int port;
    private static ServerSocket listener;
    private static final Set<Socket> connections = ConcurrentHashMap.newKeySet();

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
        port = FreePort.find();
        up();
        Map<String, String> config = new HashMap<>(arguments);
        config.put("quarkus.mongodb.connection-string", connectionString());
        return config;
    }

    /** Straight to the server, not through the relay: what the test reads and writes itself. */
    public static String directConnectionString() {
        return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    }

    private static String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    public static synchronized void up() {
        ServerSocket socket;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        listener = socket;
        // The acceptor serves this listener only: after a quick down() and up() it must not pick up the next one.
        Thread acceptor = new Thread(() -> accept(socket), "mongo-outage-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static synchronized void down() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closed already
        }
        connections.forEach(MongoOutage::closeQuietly);
        connections.clear();
    }

    private static void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(server.getLocalAddress().getAddress(), server.getLocalAddress().getPort());
                connections.add(client);
                connections.add(upstream);
                copy(client, upstream);
                copy(upstream, client);
            } catch (IOException e) {
                return; // the listener was closed by down()
            }
        }
    }

    /** Copies one direction of a connection on a thread of its own; closing either end ends both. */
    private static void copy(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // one end is gone
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "mongo-outage-copy");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        connections.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void stop() {
        down();
        server.shutdownNow();
    }
}
