package dev.tandem.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Short timeouts and small quotas, so the gateway's edge behaviour shows within a test's time. */
public class GatewayTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("tandem.gateway.timeout", "1s"),
                Map.entry("tandem.gateway.circuit-breaker.failures", "3"),
                Map.entry("tandem.gateway.circuit-breaker.reset-after", "30s"),
                Map.entry("tandem.gateway.lead360.part-timeout", "700ms"),
                Map.entry("tandem.gateway.trusted-proxies", "127.0.0.1"),
                Map.entry("tandem.gateway.rate-limit.keys.k-small.requests", "3"),
                Map.entry("tandem.gateway.rate-limit.keys.k-small.window", "60s"),
                Map.entry("tandem.gateway.rate-limit.tracking.requests", "1000"),
                Map.entry("tandem.gateway.rate-limit.login-paths", "/test-sign-in"),
                Map.entry("tandem.gateway.rate-limit.login-ip.requests", "6"),
                Map.entry("tandem.gateway.rate-limit.login-account.requests", "2"),
                Map.entry("tandem.gateway.openapi.refresh", "1s"));
    }
}
