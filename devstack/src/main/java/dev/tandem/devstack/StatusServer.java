package dev.tandem.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The devstack's own HTTP port: {@code GET /ready} once everything listens and PostgreSQL (a process of its own)
 * answers, {@code GET /messages} lists the mail
 * GreenMail received (newest last), {@code DELETE /messages} empties the mailboxes.
 */
final class StatusServer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private StatusServer(HttpServer server) {
        this.server = server;
    }

    static StatusServer start(int port, GreenMail mail, BooleanSupplier postgresReady) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/ready", exchange -> {
            if (postgresReady.getAsBoolean()) {
                respond(exchange, 200, Map.of("status", "UP", "postgres", "UP"));
            } else {
                respond(exchange, 503, Map.of("title", "Service Unavailable", "status", 503,
                        "detail", "PostgreSQL does not answer"));
            }
        });
        server.createContext("/messages", exchange -> {
            try {
                switch (exchange.getRequestMethod()) {
                    case "GET" -> respond(exchange, 200, messages(mail));
                    case "DELETE" -> {
                        mail.purgeEmailFromAllMailboxes();
                        respond(exchange, 200, Map.of("purged", true));
                    }
                    default -> respond(exchange, 405, Map.of("title", "Method Not Allowed", "status", 405,
                            "detail", "use GET or DELETE on /messages"));
                }
            } catch (Exception e) {
                respond(exchange, 500, Map.of("title", "Internal Server Error", "status", 500, "detail", e.toString()));
            }
        });
        server.start();
        return new StatusServer(server);
    }

    private static List<Map<String, Object>> messages(GreenMail mail) throws MessagingException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (MimeMessage message : mail.getReceivedMessages()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("messageId", message.getMessageID());
            item.put("from", addresses(message.getFrom()));
            item.put("to", addresses(message.getAllRecipients()));
            item.put("subject", message.getSubject());
            item.put("sentAt", message.getSentDate() == null ? null : message.getSentDate().toInstant().toString());
            item.put("body", GreenMailUtil.getBody(message));
            list.add(item);
        }
        return list;
    }

    private static List<String> addresses(Address[] addresses) {
        return addresses == null ? List.of() : Arrays.stream(addresses).map(Address::toString).toList();
    }

    private static void respond(HttpExchange exchange, int status, Object body) {
        try (exchange) {
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type",
                    status >= 400 ? "application/problem+json" : "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop() {
        server.stop(0);
    }
}
