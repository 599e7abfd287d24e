package dev.tandem.platform.idempotency;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.types.Binary;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * {@link IdempotencyStore} in one MongoDB collection, one document per key:
 * {@code {_id: sha256(caller, key), caller, key, method, path, fingerprint, owner, startedAt, createdAt,
 * status?, contentType?, location?, body? (binary), completedAt?}} — the answer fields only once completed. Every
 * conditional write filters on the plain document {@code {_id, owner}}, which both MongoDB and the local Mongo-wire
 * server serve from the {@code _id} index. Expiry is the service's scheduled {@link Idempotency#purgeExpired}: the
 * local server cannot build TTL indexes, and one mechanism everywhere is easier to trust than two.
 */
public final class MongoIdempotencyStore implements IdempotencyStore {

    private final MongoCollection<Document> collection;

    public MongoIdempotencyStore(MongoCollection<Document> collection) {
        this.collection = collection;
    }

    /** The purge's index (real MongoDB uses it; the local server skips non-unique indexes and scans). */
    public void createIndexes() {
        collection.createIndex(Indexes.ascending("createdAt"), new IndexOptions().name("created_at"));
    }

    @Override
    public boolean insert(IdempotencyRecord record) {
        try {
            collection.insertOne(toDocument(record));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<IdempotencyRecord> find(String id) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", id)).first()).map(MongoIdempotencyStore::toRecord);
    }

    @Override
    public boolean replace(String id, String previousOwner, IdempotencyRecord replacement) {
        return collection.replaceOne(held(id, previousOwner), toDocument(replacement)).getMatchedCount() == 1;
    }

    @Override
    public boolean complete(String id, String owner, StoredAnswer answer, Instant completedAt) {
        return collection.updateOne(held(id, owner), Updates.combine(
                Updates.set("status", answer.status()),
                Updates.set("contentType", answer.contentType()),
                Updates.set("location", answer.location()),
                Updates.set("body", new Binary(answer.body())),
                Updates.set("completedAt", Date.from(completedAt)))).getMatchedCount() == 1;
    }

    @Override
    public void release(String id, String owner) {
        collection.deleteOne(held(id, owner));
    }

    @Override
    public long purgeCreatedBefore(Instant cutoff) {
        return collection.deleteMany(Filters.lt("createdAt", Date.from(cutoff))).getDeletedCount();
    }

    /** A plain document, not {@code Filters.and}: the local server serves only this form from the {@code _id} index. */
    private static Document held(String id, String owner) {
        return new Document("_id", id).append("owner", owner);
    }

    private static Document toDocument(IdempotencyRecord record) {
        Document doc = new Document("_id", record.id())
                .append("caller", record.caller())
                .append("key", record.key())
                .append("method", record.method())
                .append("path", record.path())
                .append("fingerprint", record.fingerprint())
                .append("owner", record.owner())
                .append("startedAt", Date.from(record.startedAt()))
                .append("createdAt", Date.from(record.createdAt()));
        StoredAnswer answer = record.answer();
        if (answer != null) {
            doc.append("status", answer.status()).append("contentType", answer.contentType())
                    .append("location", answer.location()).append("body", new Binary(answer.body()));
        }
        return doc;
    }

    private static IdempotencyRecord toRecord(Document doc) {
        StoredAnswer answer = null;
        if (doc.get("status") != null) {
            Binary body = doc.get("body", Binary.class);
            answer = new StoredAnswer(doc.getInteger("status"), doc.getString("contentType"), doc.getString("location"),
                    body == null ? new byte[0] : body.getData());
        }
        return new IdempotencyRecord(doc.getString("_id"), doc.getString("caller"), doc.getString("key"),
                doc.getString("method"), doc.getString("path"), doc.getString("fingerprint"), doc.getString("owner"),
                doc.getDate("startedAt").toInstant(), doc.getDate("createdAt").toInstant(), answer);
    }
}
