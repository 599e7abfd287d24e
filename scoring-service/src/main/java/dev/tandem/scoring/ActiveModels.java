package dev.tandem.scoring;

import java.util.List;

/** The published models every lead is scored by, and which of them drives MQL. */
public record ActiveModels(List<ActiveModel> models, String primaryModelId) {

    public static final ActiveModels NONE = new ActiveModels(List.of(), null);

    public ActiveModels {
        models = List.copyOf(models);
    }

    public record ActiveModel(String modelId, int version, ScoringModel model) {
    }

    public boolean isPrimary(String modelId) {
        return modelId.equals(primaryModelId);
    }

    public ActiveModel primary() {
        return models.stream().filter(m -> isPrimary(m.modelId())).findFirst().orElse(null);
    }
}
