package dev.tandem.lead.repository;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.result.UpdateResult;
import com.mongodb.bulk.BulkWriteResult;
import dev.tandem.platform.outbox.AcknowledgedEvents;
import dev.tandem.platform.store.InSlices;
import dev.tandem.platform.store.RetiredIndex;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static dev.tandem.lead.repository.LeadDocuments.*;

/** The {@value #COLLECTION} collection: one document per lead, its pending events embedded ({@code outbox}). */
@ApplicationScoped
public class LeadRepository {

    public static final String COLLECTION = "leads";

    @Inject
    LeadsDatabase database;

    private final AcknowledgedEvents published = new AcknowledgedEvents();

    public MongoCollection<Document> collection() {
        return database.collection(COLLECTION);
    }

    /**
     * Events Kafka has acknowledged whose outbox entries may still be stored (the import's, whose removal is
     * deferred): a writer of a lead removes them in its own update ({@code PendingEvent.remove}), then forgets them.
     */
    public AcknowledgedEvents published() {
        return published;
    }

    void createIndexes(@Observes StartupEvent start) {
        MongoCollection<Document> leads = collection();
        // Sparse: erased and merged tombstones have no email any more.
        leads.createIndex(Indexes.ascending(EMAIL), new IndexOptions().unique(true).sparse(true).name("email_unique"));
        // Versioned updates ({_id, version}) find their lead through the _id index, on MongoDB as on the local server
        // (see testing's IdFirstQueries); earlier versions kept a unique (_id, version) index for the local server.
        RetiredIndex.drop(leads, "id_version");
        // One index per filter and sort offered by GET /leads (the local Mongo-wire server skips non-unique ones).
        for (String field : List.of(STAGE, OWNER, SOURCE, CAMPAIGN, SCORE, CREATED_AT, UPDATED_AT, LAST_ACTIVITY_AT,
                FIRST_NAME_KEY, LAST_NAME_KEY, COMPANY_KEY, "lastName", "company")) {
            leads.createIndex(Indexes.ascending(field), new IndexOptions().name(field.replace('.', '_')));
        }
        leads.createIndex(Indexes.ascending(MERGED_INTO), new IndexOptions().name("mergedInto"));
        leads.createIndex(Indexes.ascending("outbox.eventId"), new IndexOptions().name("outbox_pending"));
    }

    /** Inserts a new lead; false when another lead already has its email. */
    public boolean insert(Document lead) {
        try {
            collection().insertOne(lead);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    /** A lead that still exists: not erased, not merged into another. */
    public static Bson live() {
        return Filters.and(Filters.ne(ERASED, true), Filters.exists(MERGED_INTO, false));
    }

    /**
     * A lead that still exists. Looked up by {@code _id} alone and checked here: the local Mongo-wire server
     * uses an index only when the query names exactly its keys.
     */
    public Optional<Document> findLive(String id) {
        return findAny(id).filter(LeadRepository::isLive);
    }

    public static boolean isLive(Document doc) {
        return !Boolean.TRUE.equals(doc.getBoolean(ERASED)) && doc.getString(MERGED_INTO) == null;
    }

    public Optional<Document> findAny(String id) {
        return Optional.ofNullable(collection().find(Filters.eq(ID, id)).first());
    }

    public Optional<Document> findByEmail(String normalisedEmail) {
        return Optional.ofNullable(collection().find(Filters.eq(EMAIL, normalisedEmail)).first());
    }

    /** The ids, emails, erase and merge markers of the leads a filter on one indexed field selects. */
    public List<Document> findMarkers(String field, Collection<String> values) {
        return findIn(field, values, Projections.include(ID, EMAIL, ERASED, MERGED_INTO));
    }

    /**
     * The lead {@code id} if it is still at {@code version}. A plain document, not {@code Filters.and} (which renders
     * {@code $and}): the local Mongo-wire server serves only this form from the {@code _id} index (testing's
     * {@code IdFirstQueries}) and scans every lead for the other.
     */
    public static Bson atVersion(String id, long version) {
        return new Document(ID, id).append(VERSION, version);
    }

    /** Applies {@code update} if the lead is still at {@code version}; false when someone else changed it first. */
    public boolean updateAtVersion(String id, long version, Bson update) {
        try {
            UpdateResult result = collection().updateOne(atVersion(id, version), update);
            return result.getMatchedCount() == 1;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new DuplicateKeyException(e);
            }
            throw e;
        }
    }

    public UpdateResult update(Bson filter, Bson update) {
        return collection().updateOne(filter, update);
    }

    public BulkWriteResult bulk(List<WriteModel<Document>> writes) {
        return collection().bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }

    public List<Document> find(Bson filter, Bson sort, int skip, int limit) {
        return collection().find(filter).sort(sort).skip(skip).limit(limit).into(new ArrayList<>());
    }

    public long count(Bson filter) {
        return collection().countDocuments(filter);
    }

    /** The leads with these emails; {@code $in} on one field is served by the email index locally too. */
    public List<Document> findByEmails(Collection<String> emails) {
        return findIn(EMAIL, emails, null);
    }

    /** The leads with these ids ({@code $in} on {@code _id} alone uses the index), only the given fields. */
    public List<Document> findByIds(Collection<String> ids, String... fields) {
        return findIn(ID, ids, Projections.include(fields));
    }

    /** The whole documents of these leads. */
    public List<Document> findWholeByIds(Collection<String> ids) {
        return findIn(ID, ids, null);
    }

    private List<Document> findIn(String field, Collection<String> values, Bson projection) {
        List<Document> found = new ArrayList<>();
        for (List<String> slice : InSlices.of(values)) {
            collection().find(Filters.in(field, slice)).projection(projection).into(found);
        }
        return found;
    }

    /** A write that would give two leads the same email. */
    public static class DuplicateKeyException extends RuntimeException {
        public DuplicateKeyException(Throwable cause) {
            super(cause);
        }
    }
}
