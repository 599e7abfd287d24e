package dev.tandem.scoring.rest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.scoring.ModelJson;
import dev.tandem.scoring.StoredModel;
import dev.tandem.scoring.VersionState;

import java.time.Instant;
import java.util.List;

/** What the models API returns. {@code definition} is what a client sends back to edit a draft. */
final class ModelViews {

    private ModelViews() {
    }

    record ModelView(String id, String name, int version, VersionState state, Integer activeVersion,
                     Integer draftVersion, boolean primary, Instant createdAt, Instant updatedAt, JsonNode definition) {
    }

    record VersionView(int version, VersionState state, Instant createdAt, String createdBy, Instant publishedAt,
                       String publishedBy, Instant retiredAt, JsonNode definition) {
    }

    record ModelPage(List<ModelView> items, int page, int size, long total) {
    }

    static ModelView of(StoredModel model, StoredModel.Version shown, boolean primary) {
        return new ModelView(model.id(), model.name(), shown.version(), shown.state(),
                model.active().map(StoredModel.Version::version).orElse(null),
                model.draft().map(StoredModel.Version::version).orElse(null), primary, model.createdAt(),
                model.updatedAt(), ModelJson.write(shown.definition()));
    }

    static VersionView of(StoredModel.Version v) {
        return new VersionView(v.version(), v.state(), v.createdAt(), v.createdBy(), v.publishedAt(), v.publishedBy(),
                v.retiredAt(), ModelJson.write(v.definition()));
    }
}
