package dev.tandem.scoring.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.scoring.ModelParser;
import dev.tandem.scoring.ScoringModel;
import dev.tandem.scoring.StoredModel;
import dev.tandem.scoring.VersionState;
import dev.tandem.scoring.repository.ModelRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Model lifecycle: a model starts as a draft (version 1); publishing makes the draft active and retires the
 * previous active version; a new draft version can then be started. The first published model becomes primary.
 * Every change is validated first: an invalid model is never stored.
 */
@ApplicationScoped
public class ModelService {

    @Inject
    ModelRepository repository;
    @Inject
    ModelRegistry registry;
    @Inject
    RescoreService rescores;
    @Inject
    Clock clock;

    public StoredModel create(JsonNode body, String by) {
        ScoringModel definition = ModelParser.parse(body);
        Instant now = clock.instant();
        StoredModel model = new StoredModel(UUID.randomUUID().toString(), definition.name(), now, now, 1,
                List.of(new StoredModel.Version(1, VersionState.DRAFT, definition, now, by, null, null, null)));
        repository.insert(model);
        return model;
    }

    public StoredModel get(String id) {
        return repository.find(id).orElseThrow(() -> new NotFoundException("no model " + id));
    }

    public List<StoredModel> list(int page, int size) {
        return repository.list(Math.multiplyExact(page, size), size);
    }

    public long count() {
        return repository.count();
    }

    /** Replaces the draft; a model without a draft cannot be edited (start a new version instead). */
    public StoredModel updateDraft(String id, JsonNode body, String by) {
        ScoringModel definition = ModelParser.parse(body);
        StoredModel model = get(id);
        StoredModel.Version draft = model.draft().orElseThrow(() -> new StateConflictException(
                "model " + id + " has no draft: only drafts can be edited; POST /models/" + id
                        + "/versions starts a new draft version"));
        return save(model, withVersion(model, new StoredModel.Version(draft.version(), VersionState.DRAFT, definition,
                clock.instant(), by, null, null, null), definition.name()));
    }

    /** Starts a new draft version (after the latest one) from the given definition. */
    public StoredModel newVersion(String id, JsonNode body, String by) {
        ScoringModel definition = ModelParser.parse(body);
        StoredModel model = get(id);
        if (model.draft().isPresent()) {
            throw new StateConflictException("model " + id + " already has draft version "
                    + model.draft().get().version() + ": edit it with PUT /models/" + id);
        }
        return save(model, withVersion(model, new StoredModel.Version(model.latestVersion() + 1, VersionState.DRAFT,
                definition, clock.instant(), by, null, null, null), definition.name()));
    }

    /** Publishes the draft, retires the previous active version and starts the rescore of every lead. */
    public StoredModel publish(String id, String by) {
        StoredModel model = get(id);
        StoredModel.Version draft = model.draft().orElseThrow(() -> new StateConflictException(
                "model " + id + " has no draft to publish"));
        Instant now = clock.instant();
        List<StoredModel.Version> versions = new ArrayList<>();
        for (StoredModel.Version v : model.versions()) {
            if (v.state() == VersionState.ACTIVE) {
                versions.add(v.retired(now));
            } else if (v.version() == draft.version()) {
                versions.add(new StoredModel.Version(v.version(), VersionState.ACTIVE, v.definition(), v.createdAt(),
                        v.createdBy(), now, by, null));
            } else {
                versions.add(v);
            }
        }
        StoredModel published = save(model, new StoredModel(model.id(), model.name(), model.createdAt(), now,
                model.revision() + 1, versions));
        repository.setPrimaryIfNone(id);
        registry.refresh();
        rescores.start(id, draft.version());
        return published;
    }

    /**
     * Takes an active model out of scoring (a product line discontinued, say): its active version is retired, leads
     * are no longer scored with it, and a background pass over every lead removes their scores under it (progress at
     * {@code GET /models/{id}/rescore}). The primary model cannot be retired: MQL needs one, so another active model
     * is made primary first. A new version can be published later.
     */
    public StoredModel retire(String id) {
        StoredModel model = get(id);
        StoredModel.Version active = model.active().orElseThrow(() -> new StateConflictException(
                "model " + id + " has no active version to retire"));
        if (isPrimary(id)) {
            throw new StateConflictException("model " + id
                    + " is the primary model, which drives MQL: make another active model primary first");
        }
        Instant now = clock.instant();
        List<StoredModel.Version> versions = model.versions().stream()
                .map(v -> v.version() == active.version() ? v.retired(now) : v).toList();
        StoredModel retired = save(model, new StoredModel(model.id(), model.name(), model.createdAt(), now,
                model.revision() + 1, versions));
        registry.refresh();
        rescores.start(id, active.version());
        return retired;
    }

    /** Makes an active model the one that drives MQL. */
    public StoredModel makePrimary(String id) {
        StoredModel model = get(id);
        if (model.active().isEmpty()) {
            throw new StateConflictException("model " + id + " is not published: only an active model can be primary");
        }
        repository.setPrimary(id);
        registry.refresh();
        return model;
    }

    public boolean isPrimary(String id) {
        return id.equals(registry.active().primaryModelId());
    }

    private StoredModel withVersion(StoredModel model, StoredModel.Version version, String name) {
        List<StoredModel.Version> versions = new ArrayList<>(model.versions().stream()
                .filter(v -> v.version() != version.version()).toList());
        versions.add(version);
        return new StoredModel(model.id(), name, model.createdAt(), clock.instant(), model.revision() + 1, versions);
    }

    private StoredModel save(StoredModel before, StoredModel after) {
        if (!repository.replace(after, before.revision())) {
            throw new StateConflictException("model " + before.id() + " was changed meanwhile: read it again and retry");
        }
        return after;
    }
}
