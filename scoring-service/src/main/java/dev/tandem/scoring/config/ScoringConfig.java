package dev.tandem.scoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.math.BigDecimal;

@ConfigMapping(prefix = "tandem.scoring")
public interface ScoringConfig {

    /** Newest activities kept per lead document. */
    @WithDefault("2000")
    int maxActivitiesPerLead();

    /**
     * Activities (over all leads) whose lead states stay in memory after a write, so the next batch for the same
     * lead need not read it back; ~0.5 KB each.
     */
    @WithDefault("100000")
    int cachedActivities();

    /** A scheduled re-evaluation stores a lead only when grade or MQL status changed or its total moved this much. */
    @WithDefault("1")
    BigDecimal reevaluationMinChange();

    /** Leads handed out at a time to rescore and re-evaluation. */
    @WithDefault("500")
    int pageSize();

    /** Period of the scheduled re-evaluation (read by the scheduler expression too). */
    @WithDefault("1h")
    String reevaluateEvery();

    /** Period of the outbox sweep (read by the scheduler expression too). */
    @WithDefault("5s")
    String outboxSweepEvery();

    /**
     * The broker score events are published to: the consumers' broker unless set apart (a test stops this one alone
     * to prove nothing is lost).
     */
    String outboxBootstrapServers();

    /**
     * Groups of leads a batch is split into, read, scored and written in parallel: while one group waits for its bulk
     * write, the next is scored. One group left one of two cores idle while scoring a backlog.
     */
    @WithDefault("2")
    int writeParallelism();

    /** Retries of a lead whose document another writer changed between read and write. */
    @WithDefault("8")
    int conflictRetries();
}
