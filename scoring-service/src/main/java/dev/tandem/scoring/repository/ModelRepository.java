package dev.tandem.scoring.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import dev.tandem.scoring.ModelJson;
import dev.tandem.scoring.StoredModel;
import dev.tandem.scoring.VersionState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Models of {@code tandem_scoring.models}, one document per model holding all its versions (small: rules only),
 * and the pointer to the primary model, a single document so "exactly one primary" is one atomic write.
 */
@ApplicationScoped
public class ModelRepository {

    private static final String PRIMARY_ID = "primary";

    private final MongoCollection<Document> models;
    private final MongoCollection<Document> settings;

    @Inject
    public ModelRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.models = client.getDatabase(database).getCollection("models");
        this.settings = client.getDatabase(database).getCollection("settings");
    }

    public void insert(StoredModel model) {
        models.insertOne(toDocument(model));
    }

    /** Replaces the model if it is still at {@code expectedRevision}; false when someone changed it meanwhile. */
    public boolean replace(StoredModel model, long expectedRevision) {
        return models.replaceOne(Filters.and(Filters.eq("_id", model.id()), Filters.eq("rev", expectedRevision)),
                toDocument(model), new ReplaceOptions().upsert(false)).getModifiedCount() == 1;
    }

    public Optional<StoredModel> find(String id) {
        return Optional.ofNullable(models.find(Filters.eq("_id", id)).first()).map(ModelRepository::toModel);
    }

    public List<StoredModel> list(int skip, int limit) {
        List<StoredModel> page = new ArrayList<>();
        models.find().sort(Sorts.ascending("createdAt", "_id")).skip(skip).limit(limit)
                .forEach(d -> page.add(toModel(d)));
        return page;
    }

    public List<StoredModel> all() {
        return list(0, 0);
    }

    public long count() {
        return models.countDocuments();
    }

    public Optional<String> primaryModelId() {
        return Optional.ofNullable(settings.find(Filters.eq("_id", PRIMARY_ID)).first())
                .map(d -> d.getString("modelId"));
    }

    /** Makes the model primary only when no model is: the first published model drives MQL. */
    public void setPrimaryIfNone(String modelId) {
        settings.updateOne(Filters.eq("_id", PRIMARY_ID), Updates.setOnInsert("modelId", modelId),
                new UpdateOptions().upsert(true));
    }

    public void setPrimary(String modelId) {
        settings.updateOne(Filters.eq("_id", PRIMARY_ID), Updates.set("modelId", modelId),
                new UpdateOptions().upsert(true));
    }

    private static Document toDocument(StoredModel model) {
        List<Document> versions = new ArrayList<>();
        for (StoredModel.Version v : model.versions()) {
            versions.add(new Document("version", v.version()).append("state", v.state().name())
                    .append("definition", ModelJson.write(v.definition()).toString())
                    .append("createdAt", date(v.createdAt())).append("createdBy", v.createdBy())
                    .append("publishedAt", date(v.publishedAt())).append("publishedBy", v.publishedBy())
                    .append("retiredAt", date(v.retiredAt())));
        }
        return new Document("_id", model.id()).append("name", model.name())
                .append("nameKey", model.name().toLowerCase(Locale.ROOT))
                .append("createdAt", date(model.createdAt())).append("updatedAt", date(model.updatedAt()))
                .append("rev", model.revision()).append("versions", versions);
    }

    private static StoredModel toModel(Document d) {
        List<StoredModel.Version> versions = new ArrayList<>();
        for (Document v : d.getList("versions", Document.class)) {
            versions.add(new StoredModel.Version(v.getInteger("version"), VersionState.valueOf(v.getString("state")),
                    ModelJson.read(v.getString("definition")), instant(v.getDate("createdAt")),
                    v.getString("createdBy"), instant(v.getDate("publishedAt")), v.getString("publishedBy"),
                    instant(v.getDate("retiredAt"))));
        }
        return new StoredModel(d.getString("_id"), d.getString("name"), instant(d.getDate("createdAt")),
                instant(d.getDate("updatedAt")), ((Number) d.get("rev")).longValue(), versions);
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
