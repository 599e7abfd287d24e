package dev.tandem.gateway.identity.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The gateway's identity settings ({@code tandem.identity.*} in application.properties). */
@ConfigMapping(prefix = "tandem.identity")
public interface IdentityConfig {

    /** The {@code iss} of every token the gateway signs; services check it ({@code mp.jwt.verify.issuer}). */
    @WithDefault("https://tandem.dev")
    String issuer();

    /** Lifetime of an access token. */
    @WithDefault("15m")
    Duration accessTokenLifetime();

    /** Base64 of 32 bytes: the AES-256-GCM key that encrypts signing keys' private parts in the database. */
    String keyEncryptionKey();

    /**
     * Verified bearer tokens kept in memory (the RS256 check and parse skipped for a token seen before), never past
     * the token's {@code exp}. Each entry is a parsed token of a few kB.
     */
    @WithDefault("2000")
    int verifiedTokenCacheSize();

    Lockout lockout();

    Refresh refresh();

    Keys keys();

    Passwords passwords();

    Bootstrap bootstrap();

    DevTokens devTokens();

    interface Lockout {
        /** Consecutive failed sign-ins that lock an account. */
        @WithDefault("5")
        int maxFailures();

        /** How long a locked account stays locked. */
        @WithDefault("15m")
        Duration duration();
    }

    interface Refresh {
        /** A refresh token unused this long expires (each rotation starts a new one). */
        @WithDefault("7d")
        Duration idleLifetime();

        /** A sign-in's family of refresh tokens ends this long after the sign-in, however often it rotated. */
        @WithDefault("30d")
        Duration absoluteLifetime();

        /** Name of the httpOnly cookie (scoped to /auth) that carries the refresh token for browsers. */
        @WithDefault("tandem_refresh")
        String cookieName();
    }

    interface Keys {
        /** A new key is published this long before it signs, so every service's JWKS cache has it first. */
        @WithDefault("15m")
        Duration publishLead();

        /** Scheduled rotation: a new key once the newest is this old. */
        @WithDefault("30d")
        Duration rotateEvery();

        /** How often a replica checks whether a scheduled rotation is due. */
        @WithDefault("1h")
        String rotationCheck();

        /** Cache-Control max-age of the JWKS; services refetch at least this often. */
        @WithDefault("5m")
        Duration jwksMaxAge();

        /** How long a replica trusts its cached copy of the key table before reading it again. */
        @WithDefault("10s")
        Duration cacheFor();
    }

    interface Passwords {
        @WithDefault("12")
        int minLength();

        /** Argon2id memory in KiB (OWASP: at least 19 MiB). */
        @WithDefault("19456")
        int memoryKib();

        @WithDefault("2")
        int iterations();

        @WithDefault("1")
        int parallelism();

        /**
         * Hashes computed at once; more wait. Each holds {@code memoryKib} of heap while it runs, so this bounds the
         * heap sign-ins take (2 × 19 MiB) whatever the number of concurrent sign-ins.
         */
        @WithDefault("2")
        int concurrency();
    }

    interface Bootstrap {
        /** Where the first admin's credentials and the dev API key are written at the first start; none: no bootstrap. */
        Optional<String> credentialsFile();

        @WithDefault("admin@tandem.local")
        String adminEmail();
    }

    interface DevTokens {
        /** {@code POST /api/admin/dev-tokens} (tokens for any subject and roles, for ./tandem token); off in %prod. */
        @WithDefault("false")
        boolean enabled();

        @WithDefault("24h")
        Duration maxLifetime();
    }
}
