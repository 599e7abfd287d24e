package dev.tandem.lead.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** lead-service settings under {@code tandem.lead}. */
@ConfigMapping(prefix = "tandem.lead")
public interface LeadConfig {

    Outbox outbox();

    interface Outbox {
        /** Broker the outbox relay publishes to; defaults to {@code kafka.bootstrap.servers}. */
        String bootstrapServers();

        /**
         * How often the relay is asked to sweep; it actually scans only when a sweep is due (at start, after a
         * failed pass, once per safety interval), so asking often is cheap.
         */
        @WithDefault("2s")
        String sweepEvery();

        /** Leads a sweep publishes in one go (a sweep pages through all of them this many at a time). */
        @WithDefault("1000")
        int sweepBatch();

        /** How often a sweep scans every lead when nothing failed (it may find what another replica left). */
        @WithDefault("1m")
        Duration safetyInterval();

        /**
         * How long a published import event may stay in its lead's outbox for the lead's next write to remove it
         * (deferred removal); a sweep removes it after that.
         */
        @WithDefault("2m")
        Duration removalDelay();
    }
}
