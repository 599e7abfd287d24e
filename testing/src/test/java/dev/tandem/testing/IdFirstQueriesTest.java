package dev.tandem.testing;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
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

    private void withLeads(String backend, java.util.function.Consumer<MongoCollection<Document>> body) {
        MongoBackend store = backend.equals("h2") ? new BsonH2Backend(folder.resolve("ids.mv").toString())
                : new LocalMemoryBackend();
        MongoServer server = new MongoServer(store);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            MongoCollection<Document> leads = client.getDatabase("ids").getCollection("leads");
            leads.insertMany(IntStream.range(0, LEADS).mapToObj(i -> lead(i, 1, "initial")).toList());
            body.accept(leads);
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
