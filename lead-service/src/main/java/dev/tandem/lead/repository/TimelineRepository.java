package dev.tandem.lead.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@value #COLLECTION} collection: one entry per touch, keyed by the id of the event that reported it, so a
 * redelivered event is a duplicate key and changes nothing.
 */
@ApplicationScoped
public class TimelineRepository {

    public static final String COLLECTION = "timeline";
    public static final String LEAD_ID = "leadId";
    public static final String TYPE = "type";
    public static final String OCCURRED_AT = "occurredAt";

    @Inject
    LeadsDatabase database;

    MongoCollection<Document> collection() {
        return database.collection(COLLECTION);
    }

    void createIndexes(@Observes StartupEvent start) {
        collection().createIndex(Indexes.ascending(LEAD_ID, OCCURRED_AT), new IndexOptions().name("lead_time"));
        collection().createIndex(Indexes.ascending(LEAD_ID, TYPE, OCCURRED_AT), new IndexOptions().name("lead_type_time"));
    }

    /** Stores entries in one unordered bulk insert; an entry stored before (same id) is left as it is. */
    public void insertAll(List<Document> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            collection().insertMany(entries, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            boolean onlyDuplicates = e.getWriteErrors().stream()
                    .allMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
            if (!onlyDuplicates || e.getWriteConcernError() != null) {
                throw e;
            }
        }
    }

    public List<Document> find(Bson filter, Bson sort, int skip, int limit) {
        return collection().find(filter).sort(sort).skip(skip).limit(limit).into(new ArrayList<>());
    }

    public long count(Bson filter) {
        return collection().countDocuments(filter);
    }

    public long deleteByLead(String leadId) {
        return collection().deleteMany(Filters.eq(LEAD_ID, leadId)).getDeletedCount();
    }

    public long moveLead(String fromLeadId, String toLeadId) {
        return collection().updateMany(Filters.eq(LEAD_ID, fromLeadId), Updates.set(LEAD_ID, toLeadId))
                .getModifiedCount();
    }
}
