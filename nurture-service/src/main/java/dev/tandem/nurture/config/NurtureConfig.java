package dev.tandem.nurture.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "tandem.nurture")
public interface NurtureConfig {

    /** Where the public tracking routes are reached by recipients (the gateway in production). */
    String publicBaseUrl();

    /** Fallback sender of campaign mail and the mailto of List-Unsubscribe's domain. */
    String fromAddress();

    @WithDefault("Tandem")
    String fromName();

    /** The mailto address of List-Unsubscribe (a mailbox the operator processes). */
    String unsubscribeMailto();

    /** The host part of generated Message-IDs. */
    String messageIdDomain();

    Tracking tracking();

    Sending sending();

    Webhook webhook();

    Health health();

    interface Tracking {
        /** HMAC-SHA256 key of click, open and unsubscribe tokens (at least 32 characters). */
        String key();
    }

    interface Sending {
        /** Sender threads, each one claims due enrolments one at a time; keep at most the mailer's pool size. */
        @WithDefault("8")
        int workers();

        /** How often an idle worker looks for due enrolments. */
        @WithDefault("500ms")
        Duration pollEvery();

        /** At most this many campaign emails per lead in {@link #frequencyWindow()}, across campaigns. */
        @WithDefault("2")
        int frequencyCap();

        @WithDefault("7d")
        Duration frequencyWindow();

        /** At most this many campaign emails per hour across the service. */
        @WithDefault("100000")
        int hourlyThrottle();

        /** Temporary SMTP failures are retried this many times with growing waits, then count as a soft bounce. */
        @WithDefault("5")
        int maxAttempts();

        @WithDefault("1m")
        Duration retryBase();

        /** Soft bounces of one address before it is treated as a hard bounce. */
        @WithDefault("3")
        int softBouncesToHard();

        @WithDefault("true")
        boolean enabled();

        /** Countries whose law requires opt-in (Japan's 特定電子メール法, GDPR, CASL): no consent given → no mail. */
        @WithDefault("JP,CA,GB,DE,FR,IT,ES,NL,BE,AT,SE,DK,FI,IE,PL,PT,GR,CZ,HU,RO,BG,HR,SK,SI,LT,LV,EE,LU,MT,CY")
        java.util.Set<String> consentRequiredCountries();
    }

    interface Webhook {
        /** HMAC-SHA256 secret of the provider's webhook signature header {@code X-Tandem-Signature: sha256=<hex>}. */
        String secret();
    }

    interface Health {
        /** A campaign pauses itself when hard bounces pass this share of its last {@link #sample()} sends. */
        @WithDefault("0.05")
        double maxHardBounceRate();

        @WithDefault("0.001")
        double maxComplaintRate();

        @WithDefault("500")
        int sample();

        /** No auto-pause before this many sends: one bounce among the first few says nothing yet. */
        @WithDefault("20")
        int minimumSends();
    }
}
