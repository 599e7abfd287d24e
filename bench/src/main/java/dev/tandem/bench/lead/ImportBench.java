package dev.tandem.bench.lead;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import dev.tandem.bench.SuiteOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * CSV import of a running suite ({@code ./tandem up}): {@code POST /leads/import} of N new leads with Japanese
 * names, timed to its answer and then until every consumer group has worked off what the import set off (the
 * LeadCreated backlog in lead-service and scoring-service, and the ScoreChanged that a published model turns them
 * into). Baseline in the same run: the same rows inserted with the plain driver (unordered insertMany of 1,000,
 * unique email index) into a scratch database on the same Mongo-wire server.
 *
 * <p>Options: {@code --url http://127.0.0.1:8081 --scoring http://127.0.0.1:8082 --mongo mongodb://127.0.0.1:27017
 * --kafka 127.0.0.1:9092 --keys .tandem/keys --rows 100000 --model true --drain-seconds 1800} ({@code --model
 * false}: no model is published, so no ScoreChanged comes back; the consumers are given up on after
 * {@code drain-seconds}).
 */
public final class ImportBench {

    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
    private static final String HEADER =
            "email,firstName,lastName,company,jobTitle,companySize,country,source,campaign,attributes.plan";
    private static final String[] LAST_NAMES = {"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤"};
    private static final String[] FIRST_NAMES = {"太郎", "花子", "翔太", "陽菜", "蓮", "結衣", "大翔", "美咲", "悠真", "さくら"};
    private static final String[] COMPANIES = {"株式会社サンプル", "東京テック株式会社", "大阪商事株式会社", "合同会社みらい", "株式会社\"ネクスト\""};
    private static final String[] TITLES = {"部長", "課長", "マネージャー", "エンジニア", "代表取締役"};
    private static final String MODEL = """
            {"name":"Import bench","behaviourRules":[{"id":"demo","name":"Demo","eventType":"form_submit","points":40}],
             "fitRules":[{"id":"size","name":"Size","field":"companySize","op":"gte","value":100,"points":20}],
             "decay":{"halfLifeDays":14},"caps":{"behaviour":200},
             "thresholds":{"mql":{"minTotal":60,"minFit":0}},"gradeBands":{"A":40,"B":20,"C":10,"D":0}}
            """;

    private final String url;
    private final String scoringUrl;
    private final String mongo;
    private final String kafka;
    private final int rows;
    private final boolean model;
    private final int drainSeconds;
    private final SuiteOptions options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ImportBench(SuiteOptions options) {
        this.options = options;
        url = options.get("url", "http://127.0.0.1:8081");
        scoringUrl = options.get("scoring", "http://127.0.0.1:8082");
        mongo = options.get("mongo", "mongodb://127.0.0.1:27017");
        kafka = options.get("kafka", "127.0.0.1:9092");
        rows = options.getInt("rows", 100000);
        model = Boolean.parseBoolean(options.get("model", "true"));
        drainSeconds = options.getInt("drain-seconds", 1800);
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        new ImportBench(SuiteOptions.parse(args)).run();
    }

    private record Row(String email, String firstName, String lastName, String company, String jobTitle,
                       int companySize, String campaign, String plan) {
        String csv() {
            return String.join(",", email, firstName, lastName, quoted(company), jobTitle, String.valueOf(companySize),
                    "JP", "import-bench", campaign, plan);
        }

        Document document() {
            return new Document("_id", UUID.randomUUID().toString()).append("email", email)
                    .append("firstName", firstName).append("lastName", lastName).append("company", company)
                    .append("jobTitle", jobTitle).append("companySize", companySize).append("country", "JP")
                    .append("source", "import-bench").append("campaign", campaign)
                    .append("attributes", new Document("plan", plan))
                    .append("stage", "lead").append("createdAt", new Date()).append("version", 1L);
        }

        private static String quoted(String text) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
    }

    private List<Row> rows(String run) {
        List<Row> list = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            // The last row fits the model, so its lead gets a score once the whole chain has run.
            int size = i == rows - 1 ? 500 : (i * 37) % 1000;
            list.add(new Row("import-" + run + "-" + i + "@bench.example", FIRST_NAMES[i % FIRST_NAMES.length],
                    LAST_NAMES[(i / 10) % LAST_NAMES.length], COMPANIES[i % COMPANIES.length],
                    TITLES[i % TITLES.length], size, "import-bench-" + run, i % 3 == 0 ? "pro" : "free"));
        }
        return list;
    }

    private void run() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Row> data = rows(run);
        StringBuilder csv = new StringBuilder(rows * 120).append(HEADER).append("\r\n");
        data.forEach(row -> csv.append(row.csv()).append("\r\n"));
        byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
        System.out.printf("lead-service CSV import: %,d new leads (%,d bytes of CSV), model published: %s%n",
                rows, body.length, model);

        try (MongoClient client = MongoClients.create(mongo);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            if (model) {
                publishModel();
            }
            awaitQuiet(admin, System.nanoTime());
            double baseline = baseline(client, data);

            long start = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/leads/import"))
                            .header("Authorization", "Bearer " + options.token("marketing")).header("Content-Type", "text/csv")
                            .timeout(Duration.ofMinutes(30))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            double answered = seconds(start);
            if (response.statusCode() != 200 || !response.body().contains("\"created\":" + rows)) {
                throw new IllegalStateException("import failed: " + response.statusCode() + " " + response.body());
            }
            double quiet = awaitQuiet(admin, start);

            System.out.println();
            System.out.printf("%-70s %10s %10s%n", "pass", "seconds", "rows/s");
            print("plain driver: insertMany of 1,000, unordered, scratch database", baseline);
            print("POST /leads/import answered (created " + rows + ")", answered);
            if (quiet < 0) {
                System.out.printf("%-70s %10s%n", "... consumers still behind after " + drainSeconds + " s", "-");
            } else {
                print("... and every consumer group caught up (timeline, scores)", quiet);
            }
            System.out.printf("%nthe import takes %.1fx the plain insert; target <= 60 s for 100,000 rows: %s%n",
                    answered / baseline, answered * 100_000 / rows <= 60 ? "met" : "NOT met");
        }
    }

    private void print(String pass, double seconds) {
        System.out.printf("%-70s %10.1f %,10.0f%n", pass, seconds, rows / seconds);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private double baseline(MongoClient client, List<Row> data) {
        MongoDatabase scratch = client.getDatabase("bench_import_baseline");
        scratch.drop();
        MongoCollection<Document> leads = scratch.getCollection("leads");
        leads.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
        long start = System.nanoTime();
        for (int i = 0; i < data.size(); i += 1000) {
            List<Row> chunk = data.subList(i, Math.min(i + 1000, data.size()));
            leads.insertMany(chunk.stream().map(Row::document).toList(), new InsertManyOptions().ordered(false));
        }
        double seconds = seconds(start);
        scratch.drop();
        return seconds;
    }

    private void publishModel() throws Exception {
        String token = options.token("admin");
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(scoringUrl + "/models"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MODEL)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = ID.matcher(created.body());
        if (created.statusCode() != 201 || !id.find()) {
            throw new IllegalStateException("model not created: " + created.statusCode() + " " + created.body());
        }
        URI publish = URI.create(scoringUrl + "/models/" + id.group(1) + "/publish");
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(publish)
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (published.statusCode() != 200) {
            throw new IllegalStateException("model not published: " + published.body());
        }
    }

    /**
     * Waits until no consumer group has anything left to read (twice in a row, since scoring-service answers a
     * LeadCreated with a ScoreChanged that lead-service then reads); returns the seconds since {@code start}, or
     * -1 when they are still behind after {@code drain-seconds}.
     */
    private double awaitQuiet(Admin admin, long start) throws Exception {
        int quietPolls = 0;
        long lastReport = System.nanoTime();
        while (quietPolls < 2) {
            TimeUnit.MILLISECONDS.sleep(500);
            Map<String, Long> lags = lags(admin);
            long total = lags.values().stream().mapToLong(Long::longValue).sum();
            quietPolls = total == 0 ? quietPolls + 1 : 0;
            if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(15)) {
                System.out.printf("  %5.0f s: records still to consume %s%n", seconds(start), lags);
                lastReport = System.nanoTime();
            }
            if (seconds(start) > drainSeconds) {
                return -1;
            }
        }
        return seconds(start) - 0.5;
    }

    /** Records not yet consumed, per consumer group (dead-letter topics left out). */
    private static Map<String, Long> lags(Admin admin) throws Exception {
        Map<String, Long> lags = new TreeMap<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
            Set<String> topics = committed.keySet().stream().map(TopicPartition::topic)
                    .filter(topic -> !topic.endsWith(".dlq")).collect(Collectors.toSet());
            if (topics.isEmpty()) {
                continue;
            }
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (var description : admin.describeTopics(topics).allTopicNames().get().values()) {
                description.partitions().forEach(p ->
                        ends.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
            }
            long lag = 0;
            for (var end : admin.listOffsets(ends).all().get().entrySet()) {
                OffsetAndMetadata offset = committed.get(end.getKey());
                lag += end.getValue().offset() - (offset == null ? 0 : offset.offset());
            }
            lags.put(group.groupId(), lag);
        }
        return lags;
    }
}
