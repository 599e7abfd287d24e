package dev.tandem.testing;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.oplog.Oplog;

import java.util.Iterator;
import java.util.List;

/**
 * Query planning the local Mongo-wire server lacks: a query that pins {@code _id} to one value (plus any other
 * conditions, such as a revision guard {@code {_id, rev}}) is served from the {@code _id} index, as MongoDB serves it.
 *
 * <p>mongo-java-server uses an index only when its keys are exactly the query's fields, so such a query scanned the
 * whole collection unless a unique index on exactly those fields existed. The services kept one ({@code id_rev},
 * {@code id_version}) for their guarded writes, and the server paid for it on every write: computing and comparing
 * index keys was ~40% of its time while scoring (JFR). With this, the {@code _id} index is enough.
 *
 * <p>Both collections ({@link IdFirstMemoryCollection}, {@link IdFirstH2Collection}) also store a whole-document
 * replacement pinned by {@code _id} directly ({@link #replaceById}) and leave out the data size
 * ({@link #TRACKS_DATA_SIZE}).
 */
final class IdFirstQueries {

    static final String ID_INDEX = "_id_";

    /**
     * The collections keep no running data size: the stock ones BSON-encode the old and the new document of every
     * update (and each inserted one) to keep {@code collStats}' {@code size} current, which nothing in Tandem reads,
     * and the H2 one also rewrites a meta-map entry per write. {@code size} stays 0 (H2: what it was).
     */
    static final boolean TRACKS_DATA_SIZE = false;

    private IdFirstQueries() {
    }

    /**
     * The positions of the only document this query can match, or null when the query does not pin {@code _id} to a
     * plain value (operators, sub-documents, regular expressions) or pins nothing else: the server then plans it
     * itself. The caller still matches the whole query against what this returns.
     */
    static <P> Iterable<P> positions(Document query, Index<P> idIndex) {
        if (idIndex == null || query.size() < 2) {
            return null;
        }
        Object id = query.get("_id");
        boolean plainValue = id instanceof String || id instanceof Number || id instanceof ObjectId
                || id instanceof java.util.UUID;
        return plainValue ? idIndex.getPositions(new Document("_id", id)) : null;
    }

    /** What {@link #replaceById} needs of a collection: the stock ones keep these protected or private. */
    interface Replaceable<P> extends MongoCollection<P> {

        Document stored(P position);

        boolean matches(Document document, Document query);

        /** Stores {@code replacement} at {@code position} in place of {@code stored}. */
        void replace(P position, Document stored, Document replacement);
    }

    /**
     * An update that replaces a whole document (no operators) and pins a string {@code _id}, on a collection with no
     * index but {@code _id}'s: the document is found by {@code _id}, the filter is matched once, and the replacement
     * stored. The stock update copies the old document deeply, matches the filter twice, builds the new document from
     * a deep copy of the replacement, compares old and new twice and recomputes every index key of both, none of
     * which a replacement needs when {@code _id} cannot change and no other index exists (it was most of the server's
     * time while scoring, whose writes are all such replacements). The answer, the stored document, a filter that does
     * not match (upsert: a duplicate key) and the oplog are as the stock update's. Null when this does not apply:
     * the stock update runs.
     */
    static <P> Document replaceById(Replaceable<P> collection, Document selector, Document replacement, boolean isMulti,
                                    boolean isUpsert, Oplog oplog) {
        Object id = selector.get("_id");
        List<Index<P>> indexes = collection.getIndexes();
        if (isMulti || !(id instanceof String) || indexes.size() != 1 || !isIdIndex(indexes.get(0))
                || replacement.keySet().stream().anyMatch(key -> key.startsWith("$"))
                || (replacement.containsKey("_id") && !id.equals(replacement.get("_id")))) {
            return null;
        }
        Document updated = new Document("_id", id);
        replacement.forEach((key, value) -> {
            if (!key.equals("_id")) {
                updated.put(key, value);
            }
        });
        Utils.validateFieldNames(updated);
        Iterator<P> found = indexes.get(0).getPositions(new Document("_id", id)).iterator();
        P position = found.hasNext() ? found.next() : null;
        Document stored = position == null ? null : collection.stored(position);
        Document result = new Document();
        if (stored != null && collection.matches(stored, selector)) {
            boolean modified = !updated.equals(stored);
            if (modified) {
                collection.replace(position, stored, updated);
            }
            oplog.handleUpdate(collection.getFullName(), selector, replacement, modified ? List.of(id) : List.of());
            result.put("n", 1);
            result.put("nModified", modified ? 1 : 0);
        } else if (isUpsert) {
            collection.addDocument(updated); // a duplicate-key error when another document holds this _id
            oplog.handleInsert(collection.getFullName(), List.of(updated));
            result.put("upserted", id);
            result.put("n", 0);
            result.put("nModified", 0);
        } else {
            oplog.handleUpdate(collection.getFullName(), selector, replacement, List.of());
            result.put("n", 0);
            result.put("nModified", 0);
        }
        return result;
    }

    static boolean isIdIndex(Index<?> index) {
        return ID_INDEX.equals(index.getName());
    }
}
