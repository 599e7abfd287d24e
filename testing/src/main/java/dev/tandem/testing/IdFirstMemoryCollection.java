package dev.tandem.testing;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.bson.Document;

/** The memory backend's collection, with queries that pin {@code _id} served from its index ({@link IdFirstQueries}). */
final class IdFirstMemoryCollection extends MemoryCollection {

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

    /** See {@link IdFirstQueries#TRACKS_DATA_SIZE}. */
    @Override
    protected boolean tracksDataSize() {
        return IdFirstQueries.TRACKS_DATA_SIZE;
    }
}
