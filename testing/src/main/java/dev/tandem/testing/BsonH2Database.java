package dev.tandem.testing;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.EmptyIndex;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * mongo-java-server's H2Database with its document and unique-index maps opened with {@link BsonDataType}, and
 * collections that serve queries pinning {@code _id} from its index ({@link IdFirstQueries}).
 * H2Database opens each map by name with H2's default types; MVStore returns a map that is already open as it is,
 * so opening it first, with our types, is all it takes.
 */
final class BsonH2Database extends H2Database {

    private final MVStore store;

    BsonH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, store, cursorRegistry);
        this.store = store;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected void initializeNamespacesAndIndexes() {
        // H2Database's constructor calls this before `store` is set (maps would open with the default types):
        // skip that call; ours, at the end of our constructor, opens everything.
        if (store != null) {
            super.initializeNamespacesAndIndexes();
        }
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        // Map names as in H2Database.openOrCreateCollection (the meta map's String/Long entries stay as they are);
        // the collection is ours, to serve queries that pin _id from its index (IdFirstQueries).
        String namespace = getFullCollectionNamespace(collectionName);
        MVMap<Object, Document> dataMap = store.openMap("databases." + namespace, new MVMap.Builder<Object, Document>()
                .keyType(BsonDataType.IDS).valueType(BsonDataType.DOCUMENTS));
        MVMap<String, Object> metaMap = store.openMap("meta." + namespace);
        return new IdFirstH2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        // Map name as in H2Database.mapNameForIndex.
        store.openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                new MVMap.Builder<KeyValue, Object>().keyType(BsonDataType.KEY_VALUES).valueType(BsonDataType.IDS));
        return super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
    }

    /**
     * A non-unique index is declared but not built here (lookups scan), as in the stock backend; but the stock
     * {@code EmptyIndex} reports itself empty, and a collection "builds" an empty index it is given by reading every
     * document twice (AbstractMongoCollection.addIndex), so opening a file re-read each collection twice per declared
     * index: 10 s at start after a 100k-lead import on an idle machine, most of the devstack's start (JFR), more
     * when the data does not fit H2's page cache. This one reports itself built, so nothing is read for it.
     */
    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                       boolean sparse) {
        return new DeclaredIndex(indexName, keys);
    }

    /** A non-unique index that is declared and never built: there is nothing to fill, so it is never "empty". */
    static final class DeclaredIndex extends EmptyIndex<Object> {

        DeclaredIndex(String name, List<IndexKey> keys) {
            super(name, keys);
        }

        @Override
        public boolean isEmpty() {
            return false;
        }
    }
}
