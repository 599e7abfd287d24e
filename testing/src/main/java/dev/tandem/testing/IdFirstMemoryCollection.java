package dev.tandem.testing;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/** The memory backend's collection, with queries that pin {@code _id} served from its index ({@link IdFirstQueries}). */
final class IdFirstMemoryCollection extends MemoryCollection implements IdFirstQueries.Replaceable<Integer> {

    private Index<Integer> idIndex;

    IdFirstMemoryCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                            CursorRegistry cursorRegistry) {
        super(database, collectionName, options, cursorRegistry);
    }

    @Override
    public void addIndex(Index<Integer> index) {
        super.addIndex(index);
        if (idIndex == null && IdFirstQueries.isIdIndex(index)) {
            idIndex = index;
        }
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        Iterable<Integer> positions = IdFirstQueries.positions(query, idIndex);
        return positions == null ? super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector)
                : matchDocuments(query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    public synchronized Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters,
                                                 boolean isMulti, boolean isUpsert, Oplog oplog) {
        Document replaced = IdFirstQueries.replaceById(this, selector, updateQuery, isMulti, isUpsert, oplog);
        return replaced != null ? replaced : super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
    }

    @Override
    public Document stored(Integer position) {
        return getDocument(position);
    }

    @Override
    public boolean matches(Document document, Document query) {
        return documentMatchesQuery(document, query);
    }

    @Override
    public void replace(Integer position, Document stored, Document replacement) {
        // The memory backend keeps the object itself; the stock update also changes it in place.
        stored.clear();
        stored.putAll(replacement);
    }

    /** See {@link IdFirstQueries#TRACKS_DATA_SIZE}. */
    @Override
    protected boolean tracksDataSize() {
        return IdFirstQueries.TRACKS_DATA_SIZE;
    }
}
