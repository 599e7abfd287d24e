package dev.tandem.scoring.service;

import dev.tandem.scoring.config.ScoringConfig;
import dev.tandem.scoring.repository.LeadRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Cools leads that went quiet: decays every lead's score without waiting for its next activity. */
@ApplicationScoped
public class ReevaluationJob {

    @Inject
    LeadRepository leads;
    @Inject
    ScoringService scoring;
    @Inject
    ScoringConfig config;
    @Inject
    Clock clock;
    @Inject
    MeterRegistry meters;

    @Scheduled(every = "${tandem.scoring.reevaluate-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run(clock.instant());
    }

    /**
     * Re-evaluates every lead as of {@code asOf}; returns how many were stored. Each pass is timed
     * ({@code tandem_scoring_reevaluations_seconds} in /q/metrics): it reads every live lead, so it grows with them.
     */
    public int run(Instant asOf) {
        Timer.Sample pass = Timer.start(meters);
        int stored = 0;
        for (List<String> leadIds : leads.liveIdsInChunks(config.pageSize())) {
            stored += scoring.reevaluate(leadIds, asOf, false);
        }
        pass.stop(meters.timer("tandem.scoring.reevaluations"));
        return stored;
    }
}
