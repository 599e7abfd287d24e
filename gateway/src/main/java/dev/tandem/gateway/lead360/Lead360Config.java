package dev.tandem.gateway.lead360;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Lead 360 ({@code tandem.gateway.lead360.*}): which upstream answers which part, and how long a part may take. */
@ConfigMapping(prefix = "tandem.gateway.lead360")
public interface Lead360Config {

    /** A part not complete by then is marked unavailable; the answer never waits longer. */
    @WithDefault("2s")
    Duration partTimeout();

    /** Timeline entries included, newest first. */
    @WithDefault("20")
    int timelineEntries();

    @WithDefault("lead-service")
    String leadUpstream();

    @WithDefault("scoring-service")
    String scoringUpstream();

    @WithDefault("nurture-service")
    String nurtureUpstream();

    @WithDefault("feedback-service")
    String feedbackUpstream();
}
