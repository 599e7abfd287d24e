package dev.tandem.platform.store;

import com.mongodb.client.MongoCollection;
import org.bson.Document;

/** An index an earlier version created and this one no longer needs: dropped at startup so writes stop paying for it. */
public final class RetiredIndex {

    private RetiredIndex() {
    }

    public static void drop(MongoCollection<Document> collection, String name) {
        for (Document index : collection.listIndexes()) {
            if (name.equals(index.getString("name"))) {
                collection.dropIndex(name);
                return;
            }
        }
    }
}
