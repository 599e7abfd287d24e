package dev.tandem.testing;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The devstack's store file: compacted at close without losing data, and reopened without reading every document. */
class BsonH2CompactionTest {

    private static final int LEADS = 3_000;
    private static final String PADDING = "営業部からの問い合わせ ".repeat(20); // ~600 bytes of BSON per lead

    @TempDir
    Path folder;

    @Test
    void compactionKeepsEveryDocumentAndUniqueIndexAndShrinksAFileWithManyRewrites() throws IOException {
        Path file = folder.resolve("rewritten.mv");
        List<Document> stored = new ArrayList<>();
        BsonH2Backend backend = new BsonH2Backend(file.toString());
        withServer(backend, leads -> {
            leads.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            leads.createIndex(Indexes.ascending("company")); // declared, not built
            leads.insertMany(leads());
            // Each round rewrites every page of the collection; each commit writes a new chunk.
            for (int round = 1; round <= 15; round++) {
                leads.updateMany(Filters.exists("_id"), Updates.combine(Updates.set("round", round),
                        Updates.set("note", PADDING + round)));
                backend.commit();
            }
            leads.deleteMany(Filters.in("_id", id(1), id(2), id(3)));
            leads.find().sort(Sorts.ascending("_id")).into(stored);
        });
        long before = Files.size(file);

        assertTrue(backend.closeCompacted());

        long after = Files.size(file);
        assertTrue(after * 3 < before, "compacted from " + before + " to " + after + " bytes");
        assertFalse(Files.exists(Path.of(file + ".tempFile")));
        BsonH2Backend reopened = new BsonH2Backend(file.toString());
        withServer(reopened, leads -> {
            assertEquals(LEADS - 3, stored.size());
            assertEquals(stored, leads.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
            assertEquals(stored.get(101), leads.find(Filters.eq("email", email(104))).first()); // ids 1-3 were deleted
            assertEquals(15, leads.find(Filters.eq("_id", id(2999))).first().getInteger("round"));
            assertEquals(LEADS / 5, leads.countDocuments(Filters.eq("company", "株式会社サンプル0")));
            // The unique indexes were carried over: they still refuse duplicates, and free a deleted lead's key.
            assertDuplicate(() -> leads.insertOne(new Document("_id", "other").append("email", email(42))));
            assertDuplicate(() -> leads.insertOne(new Document("_id", id(42)).append("email", "new@example.jp")));
            leads.insertOne(new Document("_id", id(1)).append("email", email(1)));
            List<String> indexes = leads.listIndexes().map(index -> index.getString("name")).into(new ArrayList<>());
            assertEquals(List.of("_id_", "company_1", "email_1"), indexes.stream().sorted().toList());
        });
        reopened.close();
    }

    @Test
    void aFileThatIsMostlyLiveDataIsNotRewritten() throws IOException {
        Path file = folder.resolve("live.mv");
        BsonH2Backend backend = new BsonH2Backend(file.toString());
        withServer(backend, leads -> leads.insertMany(leads()));
        backend.commit();
        long before = Files.size(file);

        assertFalse(backend.closeCompacted());

        assertTrue(Files.size(file) <= before);
        BsonH2Backend reopened = new BsonH2Backend(file.toString());
        withServer(reopened, leads -> assertEquals(LEADS, leads.countDocuments()));
        reopened.close();
    }

    @Test
    void reopeningAFileDoesNotReadTheDocumentsForItsDeclaredIndexes() throws IOException {
        Path file = folder.resolve("declared.mv");
        BsonH2Backend backend = new BsonH2Backend(file.toString());
        withServer(backend, leads -> {
            for (String field : List.of("company", "round", "stage", "ownerId", "campaign")) {
                leads.createIndex(Indexes.ascending(field)); // non-unique: declared, not built
            }
            leads.insertMany(leads());
        });
        backend.close();
        long fileSize = Files.size(file);

        MVStore store = BsonH2Backend.store(file.toString()).open();
        long readBefore = store.getFileStore().getReadBytes();
        BsonH2Backend reopened = new BsonH2Backend(store);
        long read = store.getFileStore().getReadBytes() - readBefore;

        // The stock EmptyIndex made the collection read all its documents (twice per such index) to "build" it.
        assertTrue(read * 10 < fileSize, "opening read " + read + " bytes of a " + fileSize + "-byte file");
        withServer(reopened, leads -> {
            assertEquals(LEADS, leads.countDocuments());
            assertEquals(LEADS / 5, leads.countDocuments(Filters.eq("company", "株式会社サンプル3")));
        });
        reopened.close();
    }

    @Test
    void whatAnInterruptedCompactionLeftIsDeletedAndTheFileOpensAsItWas() throws IOException {
        Path file = folder.resolve("interrupted.mv");
        BsonH2Backend backend = new BsonH2Backend(file.toString());
        withServer(backend, leads -> leads.insertMany(leads()));
        backend.close();
        // MVStore.close(-1) writes the compacted copy here, then moves it over the file.
        Path partialCopy = Path.of(file + ".tempFile");
        Files.write(partialCopy, new byte[4096 * 3]);

        BsonH2Backend reopened = new BsonH2Backend(file.toString());

        assertFalse(Files.exists(partialCopy));
        withServer(reopened, leads -> assertEquals(LEADS, leads.countDocuments()));
        reopened.close();
    }

    private static void withServer(BsonH2Backend backend, Consumer<MongoCollection<Document>> body) {
        MongoServer server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            body.accept(client.getDatabase("tandem_test").getCollection("leads"));
        } finally {
            server.shutdownNow();
        }
    }

    private static List<Document> leads() {
        return IntStream.range(0, LEADS).mapToObj(i -> new Document("_id", id(i)).append("email", email(i))
                .append("name", "山田 花子").append("company", "株式会社サンプル" + (i % 5)).append("note", PADDING))
                .toList();
    }

    private static String id(int i) {
        return String.format("lead-%05d", i);
    }

    private static String email(int i) {
        return "lead-" + i + "@example.jp";
    }

    private static void assertDuplicate(Runnable write) {
        MongoWriteException e = assertThrows(MongoWriteException.class, write::run);
        assertEquals(11000, e.getError().getCode(), e.getMessage());
    }
}
