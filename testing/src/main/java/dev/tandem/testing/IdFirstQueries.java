package dev.tandem.testing;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * Query planning the local Mongo-wire server lacks: a query that pins {@code _id} to one value (plus any other
 * conditions, such as a revision guard {@code {_id, rev}}) is served from the {@code _id} index, as MongoDB serves it.
 *
 * <p>mongo-java-server uses an index only when its keys are exactly the query's fields, so such a query scanned the
 * whole collection unless a unique index on exactly those fields existed. The services kept one ({@code id_rev},
 * {@code id_version}) for their guarded writes, and the server paid for it on every write: computing and comparing
 * index keys was ~40% of its time while scoring (JFR). With this, the {@code _id} index is enough.
 *
 * <p>Both collections ({@link IdFirstMemoryCollection}, {@link IdFirstH2Collection}) also leave out the data size
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

    static boolean isIdIndex(Index<?> index) {
        return ID_INDEX.equals(index.getName());
    }
}
