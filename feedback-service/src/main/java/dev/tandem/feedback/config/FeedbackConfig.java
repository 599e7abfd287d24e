package dev.tandem.feedback.config;

import io.smallrye.config.ConfigMapping;

import java.time.ZoneId;

@ConfigMapping(prefix = "tandem.feedback")
public interface FeedbackConfig {

    /** The company's time zone: periods and the default calendar. */
    ZoneId zone();

    Sla sla();

    Digest digest();

    Kgi kgi();

    interface Kgi {
        /**
         * How often the service looks for funnel rows whose business days are still to be computed (after a
         * rebuild): a Quarkus {@code every} value, {@code off} to stop the timer.
         */
        @io.smallrye.config.WithDefault("10s")
        String daysEvery();
    }

    interface Digest {
        /** Quarkus cron of the weekly mailing, read in {@link #zone()}. */
        String cron();

        ZoneId zone();

        /** Who gets the mail; none: the digest is served but not mailed. */
        java.util.Optional<java.util.List<String>> recipients();
    }

    interface Sla {
        /** First touch within this many business days of the MQL. */
        int firstTouchDays();

        /** A deal opened or the lead rejected within this many business days of acceptance. */
        int decisionDays();

        /** An MQL still untouched this many business days after its first-touch deadline goes back to nurture. */
        int recycleAfterDays();

        /** How often the automatic recycle looks for MQLs left untouched. */
        java.time.Duration checkEvery();

        /** Whether the timer runs the automatic recycle (tests run it themselves, at the instant they need). */
        @io.smallrye.config.WithDefault("true")
        boolean recycleOnSchedule();

        /** MQLs marketing commits to deliver per month (its side of the SLA). */
        int monthlyMqls();
    }
}
