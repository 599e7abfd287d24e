package dev.tandem.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * Requests written byte by byte on a socket: paths exactly as given (no client normalises or encodes them) and
 * chunked bodies of any size. Returns the status line and the head; the body is read until the server closes or
 * the declared length is read.
 */
public final class RawHttp {

    public record Answer(int status, String head, String body) {
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    private RawHttp() {
    }

    public static Answer get(int port, String rawPath, String... headers) throws IOException {
        return send(port, "GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                + String.join("", java.util.Arrays.stream(headers).map(h -> h + "\r\n").toList())
                + "Connection: close\r\n\r\n", null, 0);
    }

    /** A chunked POST of {@code totalBytes} in 64 KiB chunks; stops writing if the server closes. */
    public static Answer chunkedPost(int port, String path, String authorization, long totalBytes) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAuthorization: " + authorization
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        return send(port, head, totalBytes, 65536);
    }

    private static Answer send(int port, String head, Long chunkedBytes, int chunkSize) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (chunkedBytes != null) {
                byte[] chunk = new byte[chunkSize];
                java.util.Arrays.fill(chunk, (byte) ' ');
                long left = chunkedBytes;
                try {
                    while (left > 0) {
                        int size = (int) Math.min(chunkSize, left);
                        out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(chunk, 0, size);
                        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        left -= size;
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } catch (SocketException closedByServer) {
                    // The gateway refused the body mid-way and closed: its answer is already on the way.
                }
            }
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        long contentLength = -1;
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketException reset) {
                break;
            }
            if (n < 0) {
                break;
            }
            all.write(buffer, 0, n);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                Answer partial = new Answer(0, text.substring(0, headEnd), "");
                String length = partial.header("Content-Length");
                contentLength = length == null ? -1 : Long.parseLong(length);
            }
            if (headEnd >= 0 && contentLength >= 0 && all.size() >= headEnd + 4 + contentLength) {
                break;
            }
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String headText = end < 0 ? text : text.substring(0, end);
        int status = Integer.parseInt(headText.substring(9, 12));
        return new Answer(status, headText, end < 0 ? "" : text.substring(end + 4));
    }
}
