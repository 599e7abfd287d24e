package dev.tandem.scoring.service;

import dev.tandem.scoring.LeadScore;
import dev.tandem.scoring.LeadState;
import dev.tandem.scoring.Score;
import dev.tandem.scoring.ScoreCalculator;
import dev.tandem.scoring.StoredModel;
import dev.tandem.scoring.repository.LeadRepository;
import dev.tandem.scoring.repository.ModelRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A lead's scores with their ledgers. The ledger is recomputed from the stored history with the model version and
 * the instant the score was computed with, so it adds up exactly to the stored score.
 */
@ApplicationScoped
public class ScoreQueryService {

    @Inject
    LeadRepository leads;
    @Inject
    ModelRepository models;
    @Inject
    ModelRegistry registry;

    public record ModelScore(String modelId, String modelName, int modelVersion, boolean primary, LeadScore stored,
                             Score explained) {
    }

    /** {@code profileKnown}: a lead event has given the lead's profile (until then no fit rule matches). */
    public record LeadScores(String leadId, String ownerId, boolean profileKnown, List<ModelScore> models) {
    }

    /**
     * The lead's scores; a sales rep sees only leads they own, or unassigned leads the primary model qualified,
     * and gets "not found" for any other, so existence does not leak.
     */
    public LeadScores scores(String leadId, String salesRep) {
        LeadState state = leads.find(leadId);
        if (state == null || state.erased() || state.scores().isEmpty()) {
            throw new NotFoundException("no scores for lead " + leadId);
        }
        String primary = registry.active().primaryModelId();
        if (salesRep != null && !salesRep.equals(state.ownerId())) {
            LeadScore primaryScore = primary == null ? null : state.scores().get(primary);
            boolean unassignedMql = state.ownerId() == null && primaryScore != null && primaryScore.qualified();
            if (!unassignedMql) {
                throw new NotFoundException("no scores for lead " + leadId);
            }
        }
        List<ModelScore> result = new ArrayList<>();
        for (LeadScore stored : state.scores().values()) {
            StoredModel model = models.find(stored.modelId()).orElse(null);
            StoredModel.Version version = model == null ? null : model.version(stored.modelVersion()).orElse(null);
            // A retired model's scores stay stored until the pass its retirement started removes them.
            if (version == null || model.active().isEmpty()) {
                continue;
            }
            Score explained = ScoreCalculator.score(version.definition(), state.activities(), state.knownProfile(),
                    stored.evaluatedAt());
            result.add(new ModelScore(stored.modelId(), model.name(), stored.modelVersion(),
                    stored.modelId().equals(primary), stored, explained));
        }
        result.sort(Comparator.comparing((ModelScore m) -> !m.primary()).thenComparing(ModelScore::modelId));
        return new LeadScores(leadId, state.ownerId(), state.knownProfile() != null, result);
    }
}
