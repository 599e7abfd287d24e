package dev.tandem.lead.repository;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.tandem.platform.store.InSlices;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Sorts;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The {@value #COLLECTION} collection: activity of visitors not known yet, kept under their anonymousId (with the
 * event id it will be published with) until {@code POST /identify} links it to a lead.
 */
@ApplicationScoped
public class AnonymousActivityRepository {

    public static final String COLLECTION = "anonymous_activities";
    public static final String ANONYMOUS_ID = "anonymousId";
    public static final String IDENTITIES = "identities";

    @Inject
    LeadsDatabase database;

    MongoCollection<Document> collection() {
        return database.collection(COLLECTION);
    }

    void createIndexes(@Observes StartupEvent start) {
        collection().createIndex(Indexes.ascending(ANONYMOUS_ID, "occurredAt"), new IndexOptions().name("anonymous_time"));
        identities().createIndex(Indexes.ascending("leadId"), new IndexOptions().name("identity_lead"));
    }

    MongoCollection<Document> identities() {
        return database.collection(IDENTITIES);
    }

    /** Remembers that an anonymous visitor is this lead, so their later activity goes to the lead directly. */
    public void link(String anonymousId, String leadId) {
        identities().replaceOne(Filters.eq("_id", anonymousId), new Document("_id", anonymousId).append("leadId", leadId),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }

    /** The lead each of these anonymous ids was identified as (absent when not identified yet). */
    public java.util.Map<String, String> leadsOf(Collection<String> anonymousIds) {
        java.util.Map<String, String> links = new java.util.HashMap<>();
        for (List<String> slice : InSlices.of(anonymousIds)) {
            identities().find(Filters.in("_id", slice))
                    .forEach(doc -> links.put(doc.getString("_id"), doc.getString("leadId")));
        }
        return links;
    }

    /** Forgets every link to an erased lead. */
    public void forgetLead(String leadId) {
        identities().deleteMany(Filters.eq("leadId", leadId));
    }

    /** Keeps these activities; one kept before under the same event id (a retried request) stays as it is. */
    public void insertAll(List<Document> activities) {
        if (activities.isEmpty()) {
            return;
        }
        try {
            collection().insertMany(activities, new InsertManyOptions().ordered(false));
        } catch (com.mongodb.MongoBulkWriteException e) {
            boolean onlyDuplicates = e.getWriteErrors().stream().allMatch(error ->
                    com.mongodb.ErrorCategory.fromErrorCode(error.getCode()) == com.mongodb.ErrorCategory.DUPLICATE_KEY);
            if (!onlyDuplicates || e.getWriteConcernError() != null) {
                throw e;
            }
        }
    }

    public List<Document> findByAnonymousId(String anonymousId) {
        return collection().find(Filters.eq(ANONYMOUS_ID, anonymousId))
                .sort(Sorts.ascending("occurredAt", "_id"))
                .into(new ArrayList<>());
    }

    public void deleteAll(Collection<String> ids) {
        if (!ids.isEmpty()) {
            collection().deleteMany(Filters.in("_id", ids));
        }
    }
}
