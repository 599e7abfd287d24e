package dev.tandem.scoring.rest;

import dev.tandem.scoring.Score;
import dev.tandem.scoring.service.ScoreQueryService;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The JSON shape of {@code GET /scores/{leadId}}. */
final class ScoreViews {

    private ScoreViews() {
    }

    /**
     * {@code profileKnown} false: no lead event has given the lead's profile yet, so no fit rule matched and a model
     * with fit rules does not qualify the lead whatever its total.
     */
    record LeadScoresView(String leadId, boolean profileKnown, List<ModelScoreView> scores) {
    }

    record ModelScoreView(String modelId, String modelName, int modelVersion, boolean primary, BigDecimal total,
                          BigDecimal behaviour, BigDecimal fit, String grade, boolean qualified, Instant updatedAt,
                          Ledger ledger) {
    }

    record Ledger(List<Score.BehaviourLine> behaviour, List<Score.FitLine> fit) {
    }

    static LeadScoresView of(ScoreQueryService.LeadScores scores) {
        return new LeadScoresView(scores.leadId(), scores.profileKnown(), scores.models().stream()
                .map(m -> new ModelScoreView(m.modelId(), m.modelName(), m.modelVersion(), m.primary(),
                        m.stored().total(), m.stored().behaviour(), m.stored().fit(), m.stored().grade(),
                        m.stored().qualified(), m.stored().evaluatedAt(),
                        new Ledger(m.explained().behaviourLedger(), m.explained().fitLedger())))
                .toList());
    }
}
