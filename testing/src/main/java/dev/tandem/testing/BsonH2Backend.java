package dev.tandem.testing;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;

/**
 * mongo-java-server's H2 backend, with documents and unique-index keys stored as BSON and compared in MongoDB's order
 * instead of Java-serialised (see {@link BsonDataType}): during a 100k-lead import the stock backend spent about half
 * its CPU serialising unique-index keys to compare them (JFR).
 *
 * <p>Files are not interchangeable with the stock {@link H2Backend}. This backend marks its files (MVStore's store
 * version) and refuses a file that holds data without that mark, rather than misread it.
 */
public final class BsonH2Backend extends H2Backend {

    /** MVStore's application-defined "store version" of files this backend writes. */
    static final int FORMAT = 1;

    /**
     * Leaf pages split at this many bytes of H2's memory estimate (MVStore's default is 16 KB), so each holds a few
     * documents. H2 rewrites a whole leaf whenever one of its documents changes, and encoding those leaves to BSON on
     * its serialisation thread was half the devstack JVM's CPU samples while a 100k-row import ran (JFR).
     */
    static final int PAGE_SPLIT_BYTES = 4 * 1024;

    public BsonH2Backend(String fileName) {
        this(store(fileName).open());
    }

    /** The MVStore settings this backend is meant for; callers may add their own (e.g. a cache size) and open it. */
    public static MVStore.Builder store(String fileName) {
        return new MVStore.Builder().fileName(fileName).pageSplitSize(PAGE_SPLIT_BYTES);
    }

    public BsonH2Backend(MVStore store) {
        super(checkFormat(store)); // before H2Backend's constructor opens the databases in it
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new BsonH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    private static MVStore checkFormat(MVStore store) {
        int format = store.getStoreVersion();
        if (format == FORMAT) {
            return store;
        }
        boolean empty = store.getMapNames().stream().noneMatch(name -> name.startsWith("databases."));
        if (format == 0 && empty) {
            store.setStoreVersion(FORMAT);
            return store;
        }
        String file = store.getFileStore() == null ? "(in memory)" : store.getFileStore().getFileName();
        store.closeImmediately();
        throw new IllegalStateException("H2 file " + file + " was written in another format (store version " + format
                + ", expected " + FORMAT + "; version 0 is mongo-java-server's own H2Backend, which Java-serialises"
                + " documents and keys). Its data cannot be read here: delete the file (./tandem reset --yes).");
    }
}
