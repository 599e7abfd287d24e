package dev.tandem.platform.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/** The HTTP edge's settings, the same keys in every service ({@code tandem.http.*}). */
@ConfigMapping(prefix = "tandem.http")
public interface HttpEdgeConfig {

    /** The largest JSON (or other) body accepted. */
    @WithDefault("1048576")
    long maxBodyBytes();

    /**
     * The longest request URI (path and query) answered with anything but a 414 problem. Vert.x's own limit on the
     * request line ({@code quarkus.http.limits.max-initial-line-length}) is set higher, so this answer has a body.
     */
    @WithDefault("8192")
    int maxUriLength();

    /** The most header bytes accepted (names, values, separators) before a 431 problem; Vert.x's limit is higher. */
    @WithDefault("20480")
    long maxHeaderBytes();

    /** Path prefixes that accept larger bodies, with their cap: {@code tandem.http.large-bodies."/leads/import"=67108864}. */
    Map<String, Long> largeBodies();
}
