package dev.tandem.testing;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;

import java.util.stream.StreamSupport;

/**
 * The H2 backend's collection, with queries that pin {@code _id} served from its index ({@link IdFirstQueries}), and
 * handing out copies of what it stores (see {@link #copies}).
 */
final class IdFirstH2Collection extends H2Collection implements IdFirstQueries.Replaceable<Object> {

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
        return copies(positions == null ? super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector)
                : matchDocuments(query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector));
    }

    /**
     * Copies of the matched documents. An update changes the document its query returned in place, then stores it
     * again; the stock collection returns the very object the map holds, which H2's background thread may be
     * serialising at that moment (a ConcurrentModificationException there closed the store during a 100k-row import).
     */
    private static QueryResult copies(QueryResult stored) {
        return new QueryResult(() -> StreamSupport.stream(stored.spliterator(), false).map(Document::cloneDeeply)
                .iterator(), stored.getCursorId());
    }

    @Override
    public synchronized Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters,
                                                 boolean isMulti, boolean isUpsert, Oplog oplog) {
        Document replaced = IdFirstQueries.replaceById(this, selector, updateQuery, isMulti, isUpsert, oplog);
        return replaced != null ? replaced : super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
    }

    @Override
    public Document stored(Object position) {
        return getDocument(position);
    }

    @Override
    public boolean matches(Document document, Document query) {
        return documentMatchesQuery(document, query);
    }

    @Override
    public void replace(Object position, Document stored, Document replacement) {
        // A new object for the map: the stored one may be being serialised by H2's background thread.
        handleUpdate(position, stored, replacement);
    }

    /** See {@link IdFirstQueries#TRACKS_DATA_SIZE}. */
    @Override
    protected boolean tracksDataSize() {
        return IdFirstQueries.TRACKS_DATA_SIZE;
    }
}
