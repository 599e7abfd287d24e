package dev.tandem.gateway.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;

/** Which quota applies to whom: the configuration turned into named policies. */
@ApplicationScoped
public class RatePolicies {

    @Inject
    RateLimitConfig config;

    /** A caller's bucket: the policy and the subject it counts (a user's sub, an API key id, an IP). */
    public record Bucket(RatePolicy policy, String subject) {
    }

    /** An API caller: its API key's own quota, else the largest quota of its roles, else the default. */
    public Bucket forCaller(String subject, String keyId, Collection<String> roles) {
        if (keyId != null && !keyId.isBlank()) {
            RateLimitConfig.Quota own = config.keys().get(keyId);
            if (own != null) {
                return new Bucket(RatePolicy.of("key-" + keyId, own), "key:" + keyId);
            }
            return new Bucket(largestRole(roles).map(entry -> RatePolicy.of("key-" + entry.getKey(), entry.getValue()))
                    .orElse(RatePolicy.of("key", config.key())), "key:" + keyId);
        }
        return new Bucket(largestRole(roles).map(entry -> RatePolicy.of("user-" + entry.getKey(), entry.getValue()))
                .orElse(RatePolicy.of("user", config.user())), "user:" + subject);
    }

    public Bucket forTracking(String ip) {
        return new Bucket(RatePolicy.of("tracking-ip", config.tracking()), "ip:" + ip);
    }

    public Bucket forLoginIp(String ip) {
        return new Bucket(RatePolicy.of("login-ip", config.loginIp()), "ip:" + ip);
    }

    public Bucket forLoginAccount(String email) {
        return new Bucket(RatePolicy.of("login-account", config.loginAccount()),
                "account:" + email.trim().toLowerCase(java.util.Locale.ROOT));
    }

    public boolean enabled() {
        return config.enabled();
    }

    private java.util.Optional<Map.Entry<String, RateLimitConfig.Quota>> largestRole(Collection<String> roles) {
        return config.roles().entrySet().stream()
                .filter(entry -> roles.contains(entry.getKey()))
                .max(Comparator.comparingDouble(entry -> entry.getValue().requests()
                        / (double) Math.max(1, entry.getValue().window().toMillis())));
    }
}
