package dev.tandem.testing;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

/** The H2 backend's collection, with queries that pin {@code _id} served from its index ({@link IdFirstQueries}). */
final class IdFirstH2Collection extends H2Collection {

    private Index<Object> idIndex;

    IdFirstH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    public void addIndex(Index<Object> index) {
        super.addIndex(index);
        if (idIndex == null && IdFirstQueries.isIdIndex(index)) {
            idIndex = index;
        }
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        Iterable<Object> positions = IdFirstQueries.positions(query, idIndex);
        return positions == null ? super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector)
                : matchDocuments(query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }
}
