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

    /** Path prefixes that accept larger bodies, with their cap: {@code tandem.http.large-bodies."/leads/import"=67108864}. */
    Map<String, Long> largeBodies();
}
