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
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BsonH2Backend through the real driver: the unique constraints, id queries and a restart keep working. */
class BsonH2BackendTest {

    private static final int LEADS = 5_000; // enough for many B-tree pages per map

    @TempDir
    Path folder;

    @Test
    void uniqueIndexesRejectDuplicatesWithCode11000() {
        withServer(folder.resolve("unique.mv"), leads -> {
            leads.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            leads.createIndex(Indexes.ascending("_id", "rev"), new IndexOptions().unique(true));
            leads.insertMany(leads(0, LEADS));

            assertDuplicate(() -> leads.insertOne(new Document("_id", "other").append("email", email(17))));
            assertDuplicate(() -> leads.insertOne(new Document("_id", id(42)).append("email", "new@example.jp")));
            assertDuplicate(() -> leads.updateOne(Filters.eq("_id", id(1)), Updates.set("email", email(2))));
            // 7 and 7.0 are the same key to MongoDB (and to mongo-java-server's index).
            leads.createIndex(Indexes.ascending("seat"), new IndexOptions().unique(true).sparse(true));
            leads.updateOne(Filters.eq("_id", id(3)), Updates.set("seat", 7));
            assertDuplicate(() -> leads.updateOne(Filters.eq("_id", id(4)), Updates.set("seat", 7.0)));

            // A changed key frees the old one: the index entries move with each update.
            for (int i = 0; i < LEADS; i += 10) {
                leads.updateOne(Filters.eq("_id", id(i)), Updates.combine(Updates.inc("rev", 1),
                        Updates.set("email", "moved-" + i + "@example.jp")));
            }
            leads.insertOne(new Document("_id", "reuse").append("email", email(0)));
            assertDuplicate(() -> leads.insertOne(new Document("_id", "again").append("email", "moved-0@example.jp")));
            leads.deleteOne(Filters.eq("_id", "reuse"));
            leads.insertOne(new Document("_id", "reuse").append("email", email(0)));
            assertEquals(LEADS + 1, leads.countDocuments());
        });
    }

    @Test
    void idQueriesFindAndSortByTheIdIndex() {
        withServer(folder.resolve("ids.mv"), leads -> {
            leads.insertMany(leads(0, LEADS));
            assertEquals(List.of(id(4999), id(123), id(7)), ids(leads.find(Filters.in("_id", id(123), id(7),
                    id(4999), "missing")).sort(Sorts.descending("_id"))));
            assertEquals(List.of(id(10), id(11), id(12)), ids(leads.find(Filters.and(Filters.gte("_id", id(10)),
                    Filters.lt("_id", id(13)))).sort(Sorts.ascending("_id"))));
            assertEquals(List.of(id(4999), id(4998)), ids(leads.find().sort(Sorts.descending("_id")).limit(2)));
            assertEquals("山田 花子", leads.find(Filters.eq("_id", id(321))).first().getString("name"));

        });
        withServer(folder.resolve("mixed.mv"), mixed -> {
            // Ids of other types side by side; 1 and 1.0 are the same id to MongoDB, 1 and 2L are not.
            mixed.insertOne(new Document("_id", 1).append("kind", "int"));
            mixed.insertOne(new Document("_id", 2L).append("kind", "long"));
            mixed.insertOne(new Document("_id", new Document("tenant", "t1").append("n", 1)).append("kind", "doc"));
            mixed.insertOne(new Document("_id", UUID.nameUUIDFromBytes(new byte[]{1})).append("kind", "uuid"));
            mixed.insertOne(new Document("_id", new ObjectId()).append("kind", "objectId"));
            assertDuplicate(() -> mixed.insertOne(new Document("_id", 1.0)));
            assertEquals("long", mixed.find(Filters.eq("_id", 2)).first().getString("kind"));
            assertEquals("doc", mixed.find(Filters.eq("_id", new Document("tenant", "t1").append("n", 1)))
                    .first().getString("kind"));
            assertNull(mixed.find(Filters.eq("_id", new Document("n", 1).append("tenant", "t1"))).first());
            assertEquals(List.of("int", "long", "doc", "uuid", "objectId"), mixed.find().sort(Sorts.ascending("_id"))
                    .map(d -> d.getString("kind")).into(new ArrayList<>()));
        });
    }

    @Test
    void dataAndIndexesSurviveARestart() {
        Path file = folder.resolve("restart.mv");
        Document japanese = new Document("_id", "lead-ja").append("name", "佐藤 太郎").append("company", "株式会社サンプル")
                .append("attributes", new Document("部署", "営業部").append("tags", List.of("展示会", "資料請求")))
                .append("createdAt", new Date(1_700_000_000_123L))
                .append("amount", new Decimal128(new BigDecimal("12345.67")))
                .append("uuid", UUID.fromString("4b1c2a53-9d7e-4f7b-8c35-6e1f0f3a2b11"))
                .append("version", 3L).append("score", 12.5).append("email", "sato@example.jp");
        withServer(file, leads -> {
            leads.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            leads.insertMany(leads(0, LEADS));
            leads.insertOne(japanese);
        });
        withServer(file, leads -> {
            assertEquals(japanese, leads.find(Filters.eq("_id", "lead-ja")).first());
            assertEquals(japanese, leads.find(Filters.eq("email", "sato@example.jp")).first());
            assertEquals(LEADS + 1, leads.countDocuments());
            assertEquals(List.of(id(5), id(6)), ids(leads.find(Filters.in("_id", id(6), id(5))).sort(Sorts.ascending("_id"))));
            assertDuplicate(() -> leads.insertOne(new Document("_id", "x").append("email", "sato@example.jp")));
            assertDuplicate(() -> leads.insertOne(new Document("_id", id(9))));
        });
    }

    @Test
    void everyDocumentAndUniqueIndexMapUsesBson() {
        BsonH2Backend backend = new BsonH2Backend(folder.resolve("types.mv").toString());
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(connect(server))) {
            MongoCollection<Document> leads = client.getDatabase("tandem_test").getCollection("leads");
            leads.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
            leads.insertOne(new Document("_id", "a").append("email", "a@example.jp"));
            MVStore store = backend.getMvStore();
            List<String> maps = store.getMapNames().stream()
                    .filter(name -> name.startsWith("databases.") || name.contains("._index_")).toList();
            assertTrue(maps.contains("databases.tandem_test.leads"), maps.toString());
            assertTrue(maps.contains("tandem_test.leads._index_email_1"), maps.toString());
            for (String name : maps) {
                assertInstanceOf(BsonDataType.class, store.openMap(name).getKeyType(), name);
            }
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }

    @Test
    void aFileOfTheStockH2BackendIsRefusedUntouched() {
        Path file = folder.resolve("stock.mv");
        H2Backend stock = new H2Backend(file.toString());
        MongoServer server = new MongoServer(stock);
        try (MongoClient client = MongoClients.create(connect(server))) {
            client.getDatabase("tandem_test").getCollection("leads").insertOne(new Document("_id", "a"));
        } finally {
            server.shutdownNow();
            stock.close();
        }
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new BsonH2Backend(file.toString()));
        assertTrue(refused.getMessage().contains("./tandem reset --yes"), refused.getMessage());

        H2Backend again = new H2Backend(file.toString()); // still readable by the stock backend
        server = new MongoServer(again);
        try (MongoClient client = MongoClients.create(connect(server))) {
            assertEquals(1, client.getDatabase("tandem_test").getCollection("leads").countDocuments());
        } finally {
            server.shutdownNow();
            again.close();
        }
    }

    @Test
    void writesNeverChangeADocumentObjectTheStoreHolds() {
        // H2 serialises stored objects on a background thread: a write changing one in place raced with it.
        MVStore store = BsonH2Backend.store(folder.resolve("copies.mv").toString()).open();
        withServer(store, leads -> {
            leads.insertOne(new Document("_id", "lead-1").append("rev", 1).append("profile", new Document("name", "山田")));
            leads.insertOne(new Document("_id", "lead-2").append("rev", 1).append("email", "a@example.jp"));
            // The map the collection stores into (MVStore hands out the open instance).
            Map<Object, Object> stored = store.openMap("databases.tandem_test.leads");
            Object one = stored.get("lead-1");
            Object two = stored.get("lead-2");
            String oneBefore = one.toString();
            String twoBefore = two.toString();

            leads.updateOne(Filters.eq("_id", "lead-1"), Updates.combine(Updates.inc("rev", 1),
                    Updates.set("profile.name", "佐藤")));
            leads.findOneAndUpdate(Filters.eq("email", "a@example.jp"), Updates.unset("email"));
            Object oneUpdated = stored.get("lead-1");
            String oneUpdatedBefore = oneUpdated.toString();
            // A whole-document replacement pinned by _id takes the collection's own path (IdFirstQueries.replaceById).
            leads.replaceOne(new Document("_id", "lead-1").append("rev", 2), new Document("_id", "lead-1").append("rev", 3)
                    .append("profile", new Document("name", "鈴木")));

            assertEquals(oneBefore, one.toString());
            assertEquals(oneUpdatedBefore, oneUpdated.toString());
            assertEquals(twoBefore, two.toString());
            assertEquals("鈴木", leads.find(Filters.eq("_id", "lead-1")).first().get("profile", Document.class)
                    .getString("name"));
            assertEquals(3, leads.find(Filters.eq("_id", "lead-1")).first().getInteger("rev"));
            assertNull(leads.find(Filters.eq("_id", "lead-2")).first().get("email"));
        });
    }

    private static void withServer(Path file, Consumer<MongoCollection<Document>> body) {
        withServer(BsonH2Backend.store(file.toString()).open(), body);
    }

    private static void withServer(MVStore store, Consumer<MongoCollection<Document>> body) {
        BsonH2Backend backend = new BsonH2Backend(store);
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(connect(server))) {
            body.accept(client.getDatabase("tandem_test").getCollection("leads"));
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }

    private static String connect(MongoServer server) {
        InetSocketAddress address = server.bind();
        return "mongodb://127.0.0.1:" + address.getPort() + "/?uuidRepresentation=standard";
    }

    private static void assertDuplicate(Runnable write) {
        MongoWriteException e = assertThrows(MongoWriteException.class, write::run);
        assertEquals(11000, e.getError().getCode(), e.getMessage());
    }

    private static List<Document> leads(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new Document("_id", id(i)).append("rev", 1)
                .append("email", email(i)).append("name", "山田 花子")).toList();
    }

    private static String id(int i) {
        return String.format("lead-%05d", i);
    }

    private static String email(int i) {
        return "lead-" + i + "@example.jp";
    }

    private static List<String> ids(Iterable<Document> documents) {
        List<String> ids = new ArrayList<>();
        documents.forEach(d -> ids.add(d.get("_id").toString()));
        return ids;
    }
}
