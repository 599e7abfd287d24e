package dev.tandem.testing;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Queries that pin {@code _id} and ask more (a revision guard, other conditions) answer exactly as before on both
 * local backends now that the {@code _id} index serves them: the other conditions are still checked.
 */
class IdFirstQueriesTest {

    private static final int LEADS = 2_000;

    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void guardedWritesMatchOnlyTheCurrentRevision(String backend) {
        withLeads(backend, leads -> {
            List<ReplaceOneModel<Document>> writes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                // Even leads at their current revision 1, odd ones with a stale revision 0.
                writes.add(new ReplaceOneModel<>(new Document("_id", id(i)).append("rev", (long) (i % 2 == 0 ? 1 : 0)),
                        lead(i, 2, "written"), new ReplaceOptions().upsert(true)));
            }
            MongoBulkWriteException conflict = assertThrows(MongoBulkWriteException.class,
                    () -> leads.bulkWrite(writes, new BulkWriteOptions().ordered(false)));
            // A stale revision upserts a second document with the same _id: refused, so the writer re-reads.
            assertEquals(List.of(1, 3, 5, 7, 9), conflict.getWriteErrors().stream().map(e -> e.getIndex()).toList());
            conflict.getWriteErrors().forEach(e -> assertEquals(11000, e.getCode()));
            for (int i = 0; i < 10; i++) {
                Document stored = leads.find(Filters.eq("_id", id(i))).first();
                assertEquals(i % 2 == 0 ? "written" : "initial", stored.getString("state"), id(i));
                assertEquals(i % 2 == 0 ? 2L : 1L, stored.getLong("rev"), id(i));
            }
            assertEquals(LEADS, leads.countDocuments());
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void queriesPinningIdStillCheckEverythingElse(String backend) {
        withLeads(backend, leads -> {
            assertEquals("initial", leads.find(new Document("_id", id(7)).append("rev", 1L)).first().getString("state"));
            assertNull(leads.find(new Document("_id", id(7)).append("rev", 2L)).first());
            assertNull(leads.find(new Document("_id", "missing").append("rev", 1L)).first());
            assertEquals(1, leads.countDocuments(new Document("_id", id(8)).append("n", new Document("$gte", 8))));
            assertEquals(0, leads.countDocuments(new Document("_id", id(8)).append("n", new Document("$gt", 8))));
            // Not pinned to one value: planned by the server as before.
            assertEquals(3, leads.countDocuments(Filters.and(Filters.in("_id", id(1), id(2), id(3)), Filters.eq("rev", 1L))));

            // An update guarded the same way changes the one document, and only at its revision.
            assertEquals(1, leads.updateOne(new Document("_id", id(9)).append("rev", 1L),
                    Updates.combine(Updates.set("state", "updated"), Updates.inc("rev", 1L))).getModifiedCount());
            assertEquals(0, leads.updateOne(new Document("_id", id(9)).append("rev", 1L),
                    Updates.set("state", "lost")).getMatchedCount());
            assertEquals("updated", leads.find(Filters.eq("_id", id(9))).first().getString("state"));
        });
    }

    /**
     * Replacements pinned by {@code _id} take the collections' own path when {@code _id} is the only index, the stock
     * update otherwise (a second index): both answer the same and store the same, and each answer is what MongoDB
     * gives.
     */
    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2"})
    void replacementsAnswerAsTheStockUpdateDoes(String backend) {
        withDatabase(backend, database -> {
            MongoCollection<Document> withIdOnly = leads(database, "leads");
            MongoCollection<Document> withSecondIndex = leads(database, "indexed");
            withSecondIndex.createIndex(Indexes.ascending("n"));
            List<List<Object>> answers = new ArrayList<>();
            for (MongoCollection<Document> collection : List.of(withIdOnly, withSecondIndex)) {
                List<Object> answer = new ArrayList<>();
                // Matching guard: replaced whole, fields the replacement lacks are gone.
                UpdateResult replaced = collection.replaceOne(new Document("_id", id(1)).append("rev", 1L),
                        new Document("_id", id(1)).append("rev", 2L).append("state", "replaced"));
                answer.add(List.of(replaced.getMatchedCount(), replaced.getModifiedCount()));
                // The same content again: matched, nothing modified.
                UpdateResult same = collection.replaceOne(new Document("_id", id(1)).append("rev", 2L),
                        new Document("rev", 2L).append("state", "replaced"));
                answer.add(List.of(same.getMatchedCount(), same.getModifiedCount()));
                // Stale guard without upsert: nothing matched, nothing written.
                UpdateResult stale = collection.replaceOne(new Document("_id", id(2)).append("rev", 0L),
                        new Document("rev", 9L));
                answer.add(List.of(stale.getMatchedCount(), stale.getModifiedCount()));
                // Upsert of a new _id inserts the replacement with that _id.
                UpdateResult inserted = collection.replaceOne(new Document("_id", "new-lead").append("rev", 0L),
                        new Document("rev", 1L).append("state", "new"), new ReplaceOptions().upsert(true));
                answer.add(List.of(inserted.getMatchedCount(), inserted.getModifiedCount(),
                        inserted.getUpsertedId().asString().getValue()));
                // Stale guard with upsert: a duplicate key (how the services detect a conflicting writer).
                answer.add(assertThrows(MongoWriteException.class, () -> collection.replaceOne(
                        new Document("_id", id(3)).append("rev", 0L), new Document("rev", 1L),
                        new ReplaceOptions().upsert(true))).getCode());
                // _id cannot change.
                answer.add(assertThrows(MongoWriteException.class, () -> collection.replaceOne(
                        Filters.eq("_id", id(4)), new Document("_id", "other").append("rev", 5L))).getCode());
                answer.add(collection.find(Filters.in("_id", id(1), id(2), id(3), id(4), "new-lead"))
                        .sort(new Document("_id", 1)).into(new ArrayList<>()));
                answers.add(answer);
            }
            assertEquals(answers.get(0), answers.get(1));
            List<Object> answer = answers.get(0);
            assertEquals(List.of(1L, 1L), answer.get(0));
            assertEquals(List.of(1L, 0L), answer.get(1));
            assertEquals(List.of(0L, 0L), answer.get(2));
            assertEquals(List.of(0L, 0L, "new-lead"), answer.get(3));
            assertEquals(11000, answer.get(4));
            assertEquals(66, answer.get(5));
            assertEquals(List.of(new Document("_id", id(1)).append("rev", 2L).append("state", "replaced"),
                    lead(2, 1, "initial"), lead(3, 1, "initial"), lead(4, 1, "initial"),
                    new Document("_id", "new-lead").append("rev", 1L).append("state", "new")), answer.get(6));
        });
    }

    private void withLeads(String backend, Consumer<MongoCollection<Document>> body) {
        withDatabase(backend, database -> body.accept(leads(database, "leads")));
    }

    /** A collection of {@link #LEADS} leads at revision 1. */
    private static MongoCollection<Document> leads(MongoDatabase database, String name) {
        MongoCollection<Document> leads = database.getCollection(name);
        leads.insertMany(IntStream.range(0, LEADS).mapToObj(i -> lead(i, 1, "initial")).toList());
        return leads;
    }

    private void withDatabase(String backend, Consumer<MongoDatabase> body) {
        MongoBackend store = backend.equals("h2") ? new BsonH2Backend(folder.resolve("ids.mv").toString())
                : new LocalMemoryBackend();
        MongoServer server = new MongoServer(store);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            body.accept(client.getDatabase("ids"));
        } finally {
            server.shutdownNow();
        }
    }

    private static Document lead(int i, long rev, String state) {
        return new Document("_id", id(i)).append("rev", rev).append("n", i).append("state", state);
    }

    private static String id(int i) {
        return "lead-" + i;
    }
}
