package dev.tandem.platform.store;

import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/** Telling a store that cannot be reached from a request or event that is at fault. */
public final class StoreFailures {

    /** What a service asks a client to wait before trying again while the store cannot be reached. */
    public static final int RETRY_AFTER_SECONDS = 5;

    private StoreFailures() {
    }

    /**
     * Failures that say nothing about the request or event being handled: MongoDB is down or unreachable (socket
     * error, no server within the selection timeout) or has no primary right now (an election). Causes are searched
     * too, since a failure may reach the caller wrapped.
     */
    public static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (MONGODB_PRESENT && Mongo.unreachable(cause) || sqlUnreachable(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The MongoDB driver is {@code provided}: a PostgreSQL service runs without it, and touching its classes there
     * would turn every unexpected failure into a NoClassDefFoundError.
     */
    private static final boolean MONGODB_PRESENT = present("com.mongodb.MongoException");

    private static boolean present(String className) {
        try {
            Class.forName(className, false, StoreFailures.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** A connection that could not be made or was lost (SQLSTATE class 08), or no pooled connection in time. */
    private static boolean sqlUnreachable(Throwable cause) {
        return cause instanceof java.sql.SQLTransientConnectionException
                || cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                && sql.getSQLState().startsWith("08");
    }

    /** Loaded only when the driver is on the class path. */
    private static final class Mongo {
        static boolean unreachable(Throwable cause) {
            return cause instanceof MongoSocketException || cause instanceof MongoTimeoutException
                    || cause instanceof MongoNotPrimaryException || cause instanceof MongoNodeIsRecoveringException
                    || cause instanceof MongoException mongo
                    && mongo.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL);
        }
    }
}
