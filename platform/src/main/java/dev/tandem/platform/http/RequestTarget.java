package dev.tandem.platform.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Checks the request line and headers before any route: a URI longer than {@code tandem.http.max-uri-length} is a 414
 * problem, headers larger than {@code tandem.http.max-header-bytes} a 431 problem (Vert.x's own limits are set higher
 * in platform's defaults, so these answers carry a body; past those Vert.x answers alone, see the README), and a path
 * or query parameter whose percent-decoded text is not UTF-8 or holds a control character (NUL included: MongoDB
 * cannot hold it in a key or regex) a 400 problem naming the parameter.
 */
@ApplicationScoped
public class RequestTarget {

    @Inject
    HttpEdgeConfig config;

    @Inject
    ObjectMapper mapper;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 2).handler(this::check);
    }

    void check(RoutingContext ctx) {
        String uri = ctx.request().uri();
        if (uri.length() > config.maxUriLength()) {
            refuse(ctx, Problem.of(414, "uri-too-long", "URI too long", "the request URI is " + uri.length()
                    + " characters long; at most " + config.maxUriLength() + " are accepted"), true);
            return;
        }
        long headerBytes = headerBytes(ctx.request().headers());
        if (headerBytes > config.maxHeaderBytes()) {
            refuse(ctx, Problem.of(431, "headers-too-large", "Request header fields too large", "the request headers"
                    + " are " + headerBytes + " bytes; at most " + config.maxHeaderBytes() + " are accepted"), true);
            return;
        }
        String path = ctx.request().path();
        String pathProblem = path == null ? null : problemOf(path, false);
        if (pathProblem != null) {
            refuse(ctx, Problem.invalid("path", pathProblem), false);
            return;
        }
        String query = ctx.request().query();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String rawName = equals < 0 ? pair : pair.substring(0, equals);
                String name = decode(rawName, true);
                String nameProblem = problemOf(rawName, true);
                if (nameProblem != null || name == null) {
                    refuse(ctx, Problem.invalid("query", "has a parameter name that " + nameProblem), false);
                    return;
                }
                String valueProblem = equals < 0 ? null : problemOf(pair.substring(equals + 1), true);
                if (valueProblem != null) {
                    refuse(ctx, Problem.invalid(name, valueProblem), false);
                    return;
                }
            }
        }
        ctx.next();
    }

    private static long headerBytes(MultiMap headers) {
        long total = 0;
        for (Map.Entry<String, String> header : headers) {
            total += header.getKey().length() + header.getValue().length() + 4;
        }
        return total;
    }

    /** What is wrong with the percent-encoded {@code raw}, or null when it decodes to clean UTF-8 text. */
    static String problemOf(String raw, boolean query) {
        if (raw.chars().allMatch(c -> c < 0x80 && c != '%' && c != '+')) {
            return controlIn(raw);
        }
        String text = decode(raw, query);
        if (text == null) {
            return "is not valid percent-encoded UTF-8";
        }
        return controlIn(text);
    }

    private static String controlIn(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c >= 0x7F && c <= 0x9F) {
                return c == 0 ? "holds a NUL character (%00)"
                        : "holds the control character U+" + String.format("%04X", (int) c);
            }
        }
        return null;
    }

    /** Percent-decoded strict UTF-8 ({@code +} is a space in a query), or null when it is not. */
    static String decode(String raw, boolean query) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+' && query) {
                bytes.write(' ');
            } else if (c <= 0xFF) {
                // Vert.x reads the request line byte by byte (ISO-8859-1): a raw byte is checked as UTF-8 too.
                bytes.write(c);
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private void refuse(RoutingContext ctx, Problem problem, boolean close) {
        RouteProblems.refuse(ctx, mapper, problem, close);
    }
}
