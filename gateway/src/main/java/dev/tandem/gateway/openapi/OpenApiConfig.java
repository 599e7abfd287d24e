package dev.tandem.gateway.openapi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** The merged API description ({@code tandem.gateway.openapi.*}). */
@ConfigMapping(prefix = "tandem.gateway.openapi")
public interface OpenApiConfig {

    /** Upstreams whose {@code /q/openapi} is merged, in this order. */
    @WithDefault("lead-service,scoring-service,nurture-service,feedback-service")
    List<String> services();

    /** A merged document older than this is rebuilt (in the background; the old one is served meanwhile). */
    @WithDefault("60s")
    Duration refresh();

    /** How long one service's document may take to arrive. */
    @WithDefault("3s")
    Duration fetchTimeout();

    /** Where the gateway's own document is (quarkus.smallrye-openapi.path). */
    @WithDefault("/q/openapi-gateway")
    String ownPath();
}
