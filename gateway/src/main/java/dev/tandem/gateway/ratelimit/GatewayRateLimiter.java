package dev.tandem.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.BucketNotFoundException;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;

/**
 * Token buckets shared by every gateway replica through PostgreSQL (Bucket4j, {@code SELECT … FOR UPDATE} on the
 * bucket's row in {@code rate_limit_bucket}). Calls may do synchronous JDBC: never call {@link #take} on an event loop.
 * Each bucket is used through one {@link BucketProxy} per JVM with Bucket4j's delaying optimisation: a replica takes
 * up to {@code local-share} of the quota from its last-seen copy of the bucket and reports what it took with its next
 * round trip, at the latest after {@code sync-within} — so most requests never wait on PostgreSQL, and each replica
 * can over-spend by at most its local share (see the README for the bound). A quota too small for a whole local token
 * is exact: every take is a round trip, merged with concurrent ones (batching).
 */
@ApplicationScoped
public class GatewayRateLimiter {

    /**
     * Bucket proxies kept per JVM, least recently used evicted first. An evicted proxy takes the tokens it had not
     * reported yet with it (at most its local share), so the bound is generous enough for thousands of live buckets.
     */
    private static final int MAX_CACHED_BUCKETS = 50_000;

    private final ProxyManager<String> buckets;
    private final double localShare;
    private final Duration syncWithin;
    private final Cache<String, BucketProxy> proxies = Caffeine.newBuilder().maximumSize(MAX_CACHED_BUCKETS).build();

    @Inject
    public GatewayRateLimiter(AgroalDataSource dataSource, RateLimitConfig config) {
        this(Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_bucket")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                // A row may go once its bucket is full again (plus a margin): it then holds nothing worth keeping.
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .build(), config.localShare(), config.syncWithin());
    }

    /** For a second limiter on the same table (tests of two replicas). */
    public GatewayRateLimiter(ProxyManager<String> buckets, double localShare, Duration syncWithin) {
        if (localShare < 0 || localShare >= 1) {
            throw new IllegalArgumentException("local-share must be in [0, 1): " + localShare);
        }
        this.buckets = buckets;
        this.localShare = localShare;
        this.syncWithin = syncWithin;
    }

    /** The tokens one replica may take under {@code policy} without asking PostgreSQL (0: every take asks). */
    public long localTokens(RatePolicy policy) {
        return (long) Math.floor(policy.requests() * localShare);
    }

    /** Takes one request from {@code subject}'s bucket under {@code policy}. Blocking. */
    public RateDecision take(RatePolicy policy, String subject) {
        // The quota's version is part of the key: a changed quota starts fresh buckets (the old rows expire), so a
        // stored configuration never has to be replaced under Bucket4j's batching.
        String key = policy.name() + ":" + policy.version() + ":" + subject;
        BucketProxy bucket = proxies.get(key, id -> {
            // Created (if missing) by one unoptimised command first: a batch cannot create it (see consumeOne).
            buckets.builder().build(id, () -> configuration(policy)).getAvailableTokens();
            long local = localTokens(policy);
            Optimization optimization = local > 0
                    ? Optimizations.delaying(new DelayParameters(local, syncWithin))
                    : Optimizations.batching();
            return buckets.builder().withOptimization(optimization).build(id, () -> configuration(policy));
        });
        ConsumptionProbe probe = consumeOne(bucket);
        long reset = seconds(probe.getNanosToWaitForReset());
        if (probe.isConsumed()) {
            return new RateDecision(policy, true, probe.getRemainingTokens(), reset, 0);
        }
        return new RateDecision(policy, false, 0, reset, Math.max(1, seconds(probe.getNanosToWaitForRefill())));
    }

    /**
     * Bucket4j's batching (also under delaying) fails a whole batch with {@link BucketNotFoundException} when a bucket's row is missing
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
