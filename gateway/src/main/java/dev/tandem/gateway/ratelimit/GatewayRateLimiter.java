package dev.tandem.gateway.ratelimit;

import io.agroal.api.AgroalDataSource;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.BucketNotFoundException;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets shared by every gateway replica through PostgreSQL (Bucket4j, {@code SELECT … FOR UPDATE} on the
 * bucket's row in {@code rate_limit_bucket}). Calls are synchronous JDBC: never call {@link #take} on an event loop.
 * Each bucket is used through one {@link BucketProxy} per JVM with Bucket4j's batching optimisation: requests for
 * the same bucket that arrive while a round trip is in flight are merged into the next one, which keeps the count
 * exact (no local, unsynchronised tokens) while cutting round trips under load.
 */
@ApplicationScoped
public class GatewayRateLimiter {

    /** Bucket proxies kept per JVM; past this many the map starts over (a proxy holds no state of its own). */
    private static final int MAX_CACHED_BUCKETS = 50_000;

    private final ProxyManager<String> buckets;
    private final Map<String, BucketProxy> proxies = new ConcurrentHashMap<>();

    @Inject
    public GatewayRateLimiter(AgroalDataSource dataSource) {
        this(Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                // A row may go once its bucket is full again (plus a margin): it then holds nothing worth keeping.
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .build());
    }

    /** For a second limiter on the same table (tests of two replicas). */
    public GatewayRateLimiter(ProxyManager<String> buckets) {
        this.buckets = buckets;
    }

    /** Takes one request from {@code subject}'s bucket under {@code policy}. Blocking. */
    public RateDecision take(RatePolicy policy, String subject) {
        // The quota's version is part of the key: a changed quota starts fresh buckets (the old rows expire), so a
        // stored configuration never has to be replaced under Bucket4j's batching.
        String key = policy.name() + ":" + policy.version() + ":" + subject;
        if (proxies.size() > MAX_CACHED_BUCKETS) {
            proxies.clear();
        }
        BucketProxy bucket = proxies.computeIfAbsent(key, id -> {
            // Created (if missing) by one unbatched command first: a batch cannot create it (see consumeOne).
            buckets.builder().build(id, () -> configuration(policy)).getAvailableTokens();
            return buckets.builder().withOptimization(Optimizations.batching()).build(id, () -> configuration(policy));
        });
        ConsumptionProbe probe = consumeOne(bucket);
        long reset = seconds(probe.getNanosToWaitForReset());
        if (probe.isConsumed()) {
            return new RateDecision(policy, true, probe.getRemainingTokens(), reset, 0);
        }
        return new RateDecision(policy, false, 0, reset, Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    /**
     * Bucket4j's batching fails a whole batch with {@link BucketNotFoundException} when a bucket's row is missing
     * (purged once full while this JVM still held its proxy): the retry finds the row that the proxy's recovery
     * created meanwhile.
     */
    private static ConsumptionProbe consumeOne(BucketProxy bucket) {
        for (int attempt = 1; ; attempt++) {
            try {
                return bucket.tryConsumeAndReturnRemaining(1);
            } catch (RuntimeException e) {
                if (attempt == 3 || !notFound(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean notFound(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BucketNotFoundException) {
                return true;
            }
        }
        return false;
    }

    private static BucketConfiguration configuration(RatePolicy policy) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(policy.requests()).refillGreedy(policy.requests(), policy.window()))
                .build();
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeFullBuckets() {
        if (buckets instanceof ExpiredEntriesCleaner cleaner) {
            while (cleaner.removeExpired(1000) == 1000) {
                // Keep going until a pass finds fewer than a batch.
            }
        }
    }
}
