package dev.tandem.scoring.service;

import dev.tandem.scoring.ActiveModels;
import dev.tandem.scoring.LeadState;
import dev.tandem.scoring.Outcome;
import dev.tandem.scoring.Score;
import dev.tandem.scoring.ScoreCalculator;
import dev.tandem.scoring.StoredModel;
import dev.tandem.scoring.repository.LeadRepository;
import dev.tandem.scoring.repository.OutcomeRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Backtests a model (draft or active) over every stored lead history, side by side with the current primary model,
 * and against sales outcomes. Reads only; nothing is stored or announced.
 */
@ApplicationScoped
public class SimulationService {

    private static final int SAMPLE = 10;
    private static final int PAGE = 2000;

    @Inject
    LeadRepository leads;
    @Inject
    OutcomeRepository outcomes;
    @Inject
    ModelRegistry registry;
    @Inject
    Clock clock;

    public record Band(BigDecimal from, BigDecimal to, long leads) {
    }

    public record Change(long count, List<String> sample) {
    }

    public record Group(long leads, long won, BigDecimal wonRate) {
    }

    public record Lift(Group wouldBeMql, Group rest, BigDecimal lift) {
    }

    public record Simulation(String modelId, int modelVersion, String primaryModelId, Integer primaryModelVersion,
                             Instant asOf, long leadsScored, long activities, long mqlCount, List<Band> distribution,
                             Change newlyQualified, Change noLongerQualified, Lift outcomes, long tookMillis) {
    }

    private record Result(String leadId, Score candidate, Score primary) {
    }

    public Simulation simulate(String modelId, StoredModel.Version version, int bandWidth) {
        long started = System.nanoTime();
        Instant asOf = clock.instant();
        ActiveModels.ActiveModel primary = registry.active().primary();
        Map<String, Outcome> outcomeByLead = outcomes.all();
        BigDecimal width = BigDecimal.valueOf(bandWidth);
        TreeMap<BigDecimal, Long> bands = new TreeMap<>();
        long scored = 0;
        long activities = 0;
        long mql = 0;
        List<String> newlySample = new ArrayList<>();
        List<String> noLongerSample = new ArrayList<>();
        long newly = 0;
        long noLonger = 0;
        long mqlLeads = 0;
        long mqlWon = 0;
        long restLeads = 0;
        long restWon = 0;
        for (List<LeadState> page : leads.liveInChunks(PAGE)) {
            List<Result> results = page.parallelStream().map(state -> new Result(state.leadId(),
                    ScoreCalculator.outcome(version.definition(), state.activities(), state.knownProfile(), asOf),
                    primary == null ? null
                            : ScoreCalculator.outcome(primary.model(), state.activities(), state.knownProfile(), asOf)))
                    .toList();
            for (LeadState state : page) {
                activities += state.activities().size();
            }
            for (Result result : results) {
                scored++;
                BigDecimal from = result.candidate().total().divide(width, 0, RoundingMode.FLOOR).multiply(width);
                bands.merge(from, 1L, Long::sum);
                boolean qualified = result.candidate().qualified();
                boolean wasQualified = result.primary() != null && result.primary().qualified();
                Outcome outcome = outcomeByLead.get(result.leadId());
                boolean won = outcome != null && outcome.won();
                if (qualified) {
                    mql++;
                    mqlLeads++;
                    mqlWon += won ? 1 : 0;
                } else {
                    restLeads++;
                    restWon += won ? 1 : 0;
                }
                if (qualified && !wasQualified) {
                    newly++;
                    if (newlySample.size() < SAMPLE) {
                        newlySample.add(result.leadId());
                    }
                } else if (!qualified && wasQualified) {
                    noLonger++;
                    if (noLongerSample.size() < SAMPLE) {
                        noLongerSample.add(result.leadId());
                    }
                }
            }
        }
        List<Band> distribution = bands.entrySet().stream()
                .map(e -> new Band(e.getKey(), e.getKey().add(width), e.getValue())).toList();
        Group mqlGroup = group(mqlLeads, mqlWon);
        Group restGroup = group(restLeads, restWon);
        BigDecimal lift = mqlGroup.wonRate() == null || restGroup.wonRate() == null
                || restGroup.wonRate().signum() == 0 ? null
                : mqlGroup.wonRate().divide(restGroup.wonRate(), 2, RoundingMode.HALF_EVEN);
        return new Simulation(modelId, version.version(), primary == null ? null : primary.modelId(),
                primary == null ? null : primary.version(), asOf, scored, activities, mql, distribution,
                new Change(newly, newlySample), new Change(noLonger, noLongerSample),
                new Lift(mqlGroup, restGroup, lift), (System.nanoTime() - started) / 1_000_000);
    }

    private static Group group(long leads, long won) {
        return new Group(leads, won, leads == 0 ? null
                : BigDecimal.valueOf(won).divide(BigDecimal.valueOf(leads), 4, RoundingMode.HALF_EVEN));
    }
}
