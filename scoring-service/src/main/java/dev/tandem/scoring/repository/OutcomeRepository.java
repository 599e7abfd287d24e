package dev.tandem.scoring.repository;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.tandem.scoring.Outcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Sales outcomes per lead ({@code tandem_scoring.outcomes}, keyed by lead id), for backtests. */
@ApplicationScoped
public class OutcomeRepository {

    private final MongoCollection<Document> outcomes;

    @Inject
    public OutcomeRepository(MongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.outcomes = client.getDatabase(database).getCollection("outcomes");
    }

    /** Sets each lead's outcome flags; null removes the lead's outcomes (erasure). Idempotent. */
    public void write(Map<String, Outcome> byLead) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        byLead.forEach((leadId, outcome) -> {
            if (outcome == null) {
                writes.add(new DeleteOneModel<>(Filters.eq("_id", leadId)));
            } else {
                writes.add(new UpdateOneModel<>(Filters.eq("_id", leadId),
                        Updates.combine(Updates.max("won", outcome.won()), Updates.max("lost", outcome.lost()),
                                Updates.max("rejected", outcome.rejected())),
                        new UpdateOptions().upsert(true)));
            }
        });
        if (!writes.isEmpty()) {
            outcomes.bulkWrite(writes, new BulkWriteOptions().ordered(true));
        }
    }

    public Map<String, Outcome> all() {
        Map<String, Outcome> all = new HashMap<>();
        outcomes.find().forEach(d -> all.put(d.getString("_id"), new Outcome(d.getBoolean("won", false),
                d.getBoolean("lost", false), d.getBoolean("rejected", false))));
        return all;
    }
}
