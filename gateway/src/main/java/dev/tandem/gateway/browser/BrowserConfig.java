package dev.tandem.gateway.browser;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Security headers ({@code tandem.gateway.browser.*}); CORS is Quarkus' own ({@code quarkus.http.cors.*}). */
@ConfigMapping(prefix = "tandem.gateway.browser")
public interface BrowserConfig {

    /** The web app's policy: everything from the gateway itself, nothing framed, nothing inline. */
    @WithDefault("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
            + " font-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self';"
            + " form-action 'self'; frame-ancestors 'none'")
    String appContentSecurityPolicy();

    /** Every other answer (JSON, problems, tracking redirects) is never a page to embed. */
    @WithDefault("default-src 'none'; frame-ancestors 'none'")
    String apiContentSecurityPolicy();

    @WithDefault("strict-origin-when-cross-origin")
    String referrerPolicy();

    /** Sent only when the request came over TLS (to the gateway or to a trusted proxy in front of it). */
    @WithDefault("P365D")
    Duration hstsMaxAge();
}
