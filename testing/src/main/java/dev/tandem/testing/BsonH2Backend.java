package dev.tandem.testing;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreTool;

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

    /**
     * {@link #closeCompacted} compacts a file when less than this share of it is live data. H2 reuses the space of
     * rewritten pages only partly while it runs: after a 100k-lead import (and the bench's scratch insert and drop)
     * chunks took 61% of an 822 MB file and live pages 47% of those chunks (29% live, {@link #livePercent}); a full
     * rewrite took it to 166 MB (compressed).
     */
    static final int COMPACT_BELOW_FILL_RATE = 80;

    public BsonH2Backend(String fileName) {
        this(store(removeInterruptedCompaction(fileName)).open());
    }

    /**
     * Deletes what a compaction that was stopped part-way left (its new file, written beside the old one; the old
     * one is whole and closed cleanly until the new one atomically replaces it). Call before opening the file.
     */
    public static String removeInterruptedCompaction(String fileName) {
        MVStoreTool.compactCleanUp(fileName);
        return fileName;
    }

    /** The MVStore settings this backend is meant for; callers may add their own (e.g. a cache size) and open it. */
    public static MVStore.Builder store(String fileName) {
        return new MVStore.Builder().fileName(fileName).pageSplitSize(PAGE_SPLIT_BYTES);
    }

    public BsonH2Backend(MVStore store) {
        super(checkFormat(store)); // before H2Backend's constructor opens the databases in it
    }

    /**
     * Closes the store like {@link #close()} and, if less than {@value #COMPACT_BELOW_FILL_RATE}% of the file is live
     * data, compacts it: H2 writes the live pages, compressed, into a new file that then replaces this one
     * ({@code MVStore.close(-1)}). Takes about as long as writing the live data: 11 s for the 166 MB left of an 822
     * MB file after a 100k-lead import (2 cores, other work running). If the process stops before it ends, the old
     * file stays as it was, closed cleanly; {@link #removeInterruptedCompaction} deletes the unfinished copy.
     *
     * @return whether the file was compacted
     */
    public boolean closeCompacted() {
        MVStore store = getMvStore();
        if (store.getFileStore() == null || store.isReadOnly()) {
            close();
            return false;
        }
        String fileName = store.getFileStore().getFileName();
        close();
        // The store is asked again once closed: while open, H2 counts the chunks of its retention time (the last
        // 45 s) as live; a file rewritten 15 times read 100% live open and 7% live closed.
        MVStore closed = store(fileName).open();
        boolean compact = livePercent(closed) < COMPACT_BELOW_FILL_RATE;
        closed.close(compact ? -1 : 0);
        return compact;
    }

    /** How much of a file is live data, by H2's count: the share of blocks in chunks times the live share of those. */
    static int livePercent(MVStore store) {
        return store.getFillRate() * store.getFileStore().getChunksFillRate() / 100;
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
