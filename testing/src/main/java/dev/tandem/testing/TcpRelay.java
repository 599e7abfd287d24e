package dev.tandem.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a port of its own to a target address, that a test cuts and restores: {@link #down()} closes every
 * open connection and refuses new ones, as a server that crashed or a network that went away would; {@link #up()}
 * accepts them again. What the client sees is a real refused or reset connection, not an emulation.
 */
public final class TcpRelay implements AutoCloseable {

    private final int port;
    private final InetSocketAddress target;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private ServerSocket listener;

    private TcpRelay(int port, InetSocketAddress target) {
        this.port = port;
        this.target = target;
    }

    /** A relay on a free loopback port to host:port, accepting connections. */
    public static TcpRelay to(String host, int targetPort) {
        TcpRelay relay = new TcpRelay(FreePort.find(), new InetSocketAddress(host, targetPort));
        relay.up();
        return relay;
    }

    public int port() {
        return port;
    }

    public synchronized void up() {
        if (listener != null && !listener.isClosed()) {
            return;
        }
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
        Thread acceptor = new Thread(() -> accept(socket), "tcp-relay-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public synchronized void down() {
        if (listener != null) {
            try {
                listener.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
        connections.forEach(this::closeQuietly);
        connections.clear();
    }

    @Override
    public void close() {
        down();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            Socket client;
            try {
                client = listening.accept();
            } catch (IOException e) {
                return; // the listener was closed by down()
            }
            try {
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                connections.add(client);
                connections.add(upstream);
                copy(client, upstream);
                copy(upstream, client);
            } catch (IOException e) {
                closeQuietly(client); // the target is down: the client sees its connection closed
            }
        }
    }

    /** Copies one direction of a connection on a thread of its own; closing either end ends both. */
    private void copy(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // one end is gone
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-relay-copy");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeQuietly(Socket socket) {
        connections.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
