package dev.tandem.bench.scoring;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.ScoreChanged;
import dev.tandem.events.TandemEvent;
import dev.tandem.events.Topics;
import dev.tandem.testing.BsonH2Backend;
import dev.tandem.testing.FreePort;
import dev.tandem.testing.JwtKeys;
import dev.tandem.testing.KafkaBroker;
import dev.tandem.testing.TempFolders;
import dev.tandem.testing.LocalMemoryBackend;
import dev.tandem.testing.Tokens;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scoring throughput and latency against a raw baseline measured in the same run, on both Mongo-wire backends.
 *
 * <p>Per backend: a fresh in-process Kafka broker and Mongo-wire server, and the packaged scoring-service (its jar, as
 * ./tandem up runs it) with the model published. Then rounds: N ActivityRecorded records over L leads of the round's
 * own are produced, the service scores them (timed from the last one produced until all are scored), then two
 * baselines (plain consumers, one unordered bulk upsert per poll of the same records, no logic: update operators, and
 * whole-document replacements) consume the same records, each timed alone; the ratio is against the faster. A third
 * plain consumer, the floor, adds to the replacement what every scored activity has to cause, one event published
 * per record, to show how much of the baseline any implementation that announces scores can reach here (broker,
 * store and service share two cores). {@code -Dbench.warmupRounds} (3) rounds warm up; the figures are medians over
 * {@code -Dbench.rounds} (3) rounds. Last,
 * activities at a fixed rate measure produced -> ScoreChanged on score.events latency.
 *
 * <p>Run from the repository root after {@code ./mvnw -B -pl scoring-service package}:
 * {@code ./bench/run scoring.ScoringThroughputBench [records] [leads] [latencySeconds] [backends] [simulateActivities]}.
 * With {@code simulateActivities} (e.g. 1000000) the store is filled up to that many scored activities, then
 * {@code POST /models/{id}/simulate} is timed beside a plain read of every lead document (its floor).
 */
public final class ScoringThroughputBench {

    /** -Dbench.jar=... runs a copy, so a rebuild of the module meanwhile cannot pull jars from under the service. */
    private static final Path JAR = Path.of(System.getProperty("bench.jar", "scoring-service/target/quarkus-app/quarkus-run.jar"));
    private static final String FLOOR_TOPIC = "bench.floor";
    private static final Path SERVICE_JVM_OPTIONS = Path.of("devstack/service-jvm.options");
    private static final Pattern REEVALUATIONS = Pattern.compile("(?m)^tandem_scoring_reevaluations_seconds_count(?:\\{[^}]*})? ([0-9.eE+]+)");
    private static final Pattern REEVALUATION_SECONDS = Pattern.compile("(?m)^tandem_scoring_reevaluations_seconds_sum(?:\\{[^}]*})? ([0-9.eE+]+)");
    private static final Pattern SCORED = Pattern.compile("(?m)^tandem_scoring_activities_scored_total(?:\\{[^}]*})? ([0-9.eE+]+)");
    private static final String MODEL = """
            {"name":"Bench","behaviourRules":[
              {"id":"pv","name":"Page view","eventType":"page_view",
               "conditions":[{"field":"url","op":"startsWith","value":"/"}],"points":2,"limit":{"max":20,"per":"P1D"}},
              {"id":"pricing","name":"Pricing","eventType":"page_view",
               "conditions":[{"field":"url","op":"contains","value":"pricing"}],"points":10},
              {"id":"demo","name":"Demo","eventType":"form_submit","points":40}],
             "fitRules":[{"id":"size","name":"Size","field":"companySize","op":"gte","value":100,"points":20}],
             "decay":{"halfLifeDays":14},"caps":{"behaviour":200},
             "thresholds":{"mql":{"minTotal":60,"minFit":0}},"gradeBands":{"A":40,"B":20,"C":10,"D":0}}
            """;

    /**
     * Rounds before the measured ones: the service's CPU per activity kept falling for four rounds after a start (C2
     * still compiling: 143, 96, 70, 64, 50 µs), the baseline's after one, so three warm-up rounds measure both warm.
     */
    private static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmupRounds", 3);
    /** Measured rounds after the warm-up rounds. */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);

    private final HttpClient http = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int leads = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        int latencySeconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        List<String> backends = args.length > 3 ? List.of(args[3].split(",")) : List.of("memory", "h2");
        int simulateActivities = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run ./mvnw -B -pl scoring-service package from the repository root");
        }
        System.out.printf("scoring throughput: %,d activities over %,d leads, latency %d s at 1,000/s, backends %s%n",
                records, leads, latencySeconds, backends);
        List<String> summary = new ArrayList<>();
        for (String backend : backends) {
            summary.add(new ScoringThroughputBench().run(backend, records, leads, latencySeconds, simulateActivities));
        }
        System.out.println();
        System.out.println("backend | baseline rec/s (faster kind) | scoring rec/s | ratio | $set/$inc baseline rec/s | ratio | floor rec/s "
                + "(replace + one event each) | floor / baseline | p50 ms | p99 ms");
        summary.forEach(System.out::println);
    }

    private String run(String backendName, int records, int leads, int latencySeconds, int simulateActivities)
            throws Exception {
        Path work = Files.createTempDirectory("tandem-bench-scoring-");
        MongoBackend backend = backendName.equals("h2")
                ? new BsonH2Backend(work.resolve("mongo.h2").toString()) : new LocalMemoryBackend();
        MongoServer mongo = new MongoServer(backend);
        mongo.bind("127.0.0.1", FreePort.find());
        String mongoUri = "mongodb://127.0.0.1:" + mongo.getLocalAddress().getPort();
        KafkaBroker broker = KafkaBroker.start(work.resolve("kafka"), FreePort.find(), FreePort.find());
        broker.createTandemTopics();
        broker.createTopics(List.of(FLOOR_TOPIC), Topics.PARTITIONS);
        Process service = null;
        try {
            awaitLeaders(broker.bootstrapServers());
            JwtKeys.ensurePair(work.resolve("keys"));
            int port = FreePort.find();
            String base = "http://127.0.0.1:" + port;
            String token = new Tokens(JwtKeys.readPrivate(work.resolve("keys/private.pem")))
                    .mint("bench", Set.of("marketing"), Duration.ofHours(2));
            // The model is published before there is anything to score, so every round scores with it from the first
            // record and no publish-triggered rescore runs alongside.
            service = startService(work, port, broker.bootstrapServers(), mongoUri);
            awaitReady(base);
            String modelId = publishModel(base, token);

            // Rounds of the same shape, each on leads of its own: the service scores a round's records, then the
            // baseline consumes the same records, never both at once. Rounds up to 0 warm both up (a cold JVM spends
            // its first minutes compiling); the figures are the median over the measured rounds.
            List<Double> serviceRates = new ArrayList<>();
            List<Double> baselineRates = new ArrayList<>();
            List<Double> operatorRates = new ArrayList<>();
            List<Double> floorRates = new ArrayList<>();
            try (Baseline operators = Baseline.operators(broker.bootstrapServers(), mongoUri);
                 Baseline replacing = Baseline.replacing(broker.bootstrapServers(), mongoUri);
                 Baseline floor = Baseline.replacingAndPublishing(broker.bootstrapServers(), mongoUri)) {
                for (int round = 1 - WARMUP_ROUNDS; round <= ROUNDS; round++) {
                    Pass scored = scoringRate(base, broker.bootstrapServers(), records, leads, "r" + round + "-lead-",
                            service.toHandle());
                    Rate withOperators = operators.consume(records);
                    Rate withReplacements = replacing.consume(records);
                    Rate withEvents = floor.consume(records);
                    double baselineRate = Math.max(withOperators.perSecond(), withReplacements.perSecond());
                    System.out.printf("[%s] round %d%s: scoring-service %,.0f activities/s, baseline %,.0f records/s "
                                    + "($set/$inc %,.0f, replace %,.0f): %.0f%%; floor (replace + one event each) %,.0f: "
                                    + "%.0f%% (CPU µs per record: service %.0f + broker, store and bench %.0f; baseline "
                                    + "$set/$inc %.0f, replace %.0f; floor %.0f)%n",
                            backendName, round, round <= 0 ? " (warm-up)" : "", scored.rate(), baselineRate,
                            withOperators.perSecond(), withReplacements.perSecond(), 100 * scored.rate() / baselineRate,
                            withEvents.perSecond(), 100 * withEvents.perSecond() / baselineRate,
                            scored.serviceCpuMicros(), scored.benchCpuMicros(), withOperators.benchCpuMicros(),
                            withReplacements.benchCpuMicros(), withEvents.benchCpuMicros());
                    if (round > 0) {
                        serviceRates.add(scored.rate());
                        baselineRates.add(baselineRate);
                        operatorRates.add(withOperators.perSecond());
                        floorRates.add(withEvents.perSecond());
                    } else if (round == 0) {
                        awaitFirstReevaluation(backendName, base);
                    }
                }
            }
            double scoring = median(serviceRates);
            double baseline = median(baselineRates);
            System.out.printf("[%s] median of %d rounds: scoring-service %,.0f activities/s, baseline (plain consume + one "
                    + "bulk upsert per poll, the faster kind each round) %,.0f records/s (model %s)%n", backendName, ROUNDS, scoring, baseline, modelId);

            Histogram latency = latency(broker.bootstrapServers(), latencySeconds);
            double p50 = latency.getValueAtPercentile(50) / 1000.0;
            double p99 = latency.getValueAtPercentile(99) / 1000.0;
            System.out.printf("[%s] latency produced -> ScoreChanged at 1,000/s: p50 %.1f ms, p99 %.1f ms (%d samples)%n",
                    backendName, p50, p99, latency.getTotalCount());
            System.out.printf("[%s] ratio scoring / baseline: %.0f%%%n", backendName, 100 * scoring / baseline);
            if (simulateActivities > records) {
                simulate(backendName, base, token, modelId, broker.bootstrapServers(), mongoUri, simulateActivities,
                        leads);
            }
            double operatorsBaseline = median(operatorRates);
            double floorRate = median(floorRates);
            return String.format("%s | %,.0f | %,.0f | %.0f%% | %,.0f | %.0f%% | %,.0f | %.0f%% | %.1f | %.1f", backendName,
                    baseline, scoring, 100 * scoring / baseline, operatorsBaseline, 100 * scoring / operatorsBaseline,
                    floorRate, 100 * floorRate / baseline, p50, p99);
        } finally {
            if (service != null) {
                service.destroy();
                service.waitFor(20, TimeUnit.SECONDS);
            }
            broker.close();
            mongo.shutdownNow();
            // A backend's broker log and store hold 1-2 GB after a run: left behind, a few runs filled the disk.
            TempFolders.delete(work);
        }
    }

    /**
     * Fills the history up to {@code total} activities (over at least total / 10 leads, about ten activities a lead
     * as a B2B history has), then times a simulation against reading every lead.
     */
    private void simulate(String backendName, String base, String token, String modelId, String bootstrap,
                          String mongoUri, int total, int leads) throws Exception {
        // Counted before producing: the service starts scoring the fill while it is still being produced.
        double scored = scoredSoFar(base);
        long fillStart = System.nanoTime();
        produce(bootstrap, (int) (total - scored), Math.max(leads, total / 10), "fill-lead-");
        double target = total;
        while (scoredSoFar(base) < target) {
            TimeUnit.MILLISECONDS.sleep(200);
        }
        System.out.printf("[%s] history filled to %,d activities in %.0f s%n", backendName, total,
                (System.nanoTime() - fillStart) / 1e9);

        long readStart = System.nanoTime();
        long documents = 0;
        try (MongoClient client = MongoClients.create(mongoUri)) {
            for (Document ignored : client.getDatabase("tandem_scoring").getCollection("leads").find()
                    .batchSize(1000)) { // the local server would otherwise answer in one reply larger than allowed
                documents++;
            }
        }
        double readSeconds = (System.nanoTime() - readStart) / 1e9;

        long simulateStart = System.nanoTime();
        HttpResponse<String> result = http.send(HttpRequest.newBuilder(URI.create(base + "/models/" + modelId + "/simulate"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        double simulateSeconds = (System.nanoTime() - simulateStart) / 1e9;
        if (result.statusCode() != 200) {
            throw new IllegalStateException("simulate failed: " + result.statusCode() + " " + result.body());
        }
        System.out.printf("[%s] simulate over %,d activities (%,d lead documents): %.1f s; plain read of every lead "
                + "document: %.1f s%n", backendName, total, documents, simulateSeconds, readSeconds);
    }

    /** Fresh topics take a moment to elect leaders; sending before that fails the first batches. */
    private static void awaitLeaders(String bootstrap) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (String topic : List.of(Topics.ACTIVITY_EVENTS, Topics.SCORE_EVENTS)) {
                for (int partition = 0; partition < Topics.PARTITIONS; partition++) {
                    for (int attempt = 0; ; attempt++) {
                        try {
                            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                                    Topics.deadLetterOf(topic), partition, "warm-up", new byte[0])).get();
                            break;
                        } catch (java.util.concurrent.ExecutionException e) {
                            if (attempt > 50) {
                                throw e;
                            }
                            TimeUnit.MILLISECONDS.sleep(200);
                        }
                    }
                }
            }
            TimeUnit.SECONDS.sleep(2);
        }
    }

    /**
     * A lead id shaped like lead-service's (a random-looking UUID), one per prefix and number: sequential strings
     * ("r1-lead-17") crowd some buckets of the service's hash maps past eight keys, which Java then turns into trees,
     * a cost real lead ids do not bring.
     */
    private static String leadId(String prefix, int number) {
        return UUID.nameUUIDFromBytes((prefix + number).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static void produce(String bootstrap, int records, int leads, String leadPrefix) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 65536),
                new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            Instant now = Instant.now();
            for (int i = 0; i < records; i++) {
                String lead = leadId(leadPrefix, i % leads);
                String url = i % 7 == 0 ? "/pricing" : "/blog/post-" + (i % 100);
                ActivityRecorded activity = new ActivityRecorded(UUID.randomUUID(),
                        now.minusSeconds(records - i), lead, TandemEvent.SCHEMA_VERSION,
                        i % 50 == 0 ? "form_submit" : "page_view", null, "web",
                        Map.of("url", url, "referrer", "https://search.example/q=tandem", "utm", Map.of("campaign", "spring")));
                producer.send(CloudEvents.toRecord(activity, "bench"));
            }
            producer.flush();
            System.out.printf("produced %,d records in %.1f s%n", records, (System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * The plain consumer: one unordered bulk upsert per poll of the same records, no logic. Two kinds of upsert, each
     * with a consumer group and a database of its own: update operators ({@code $set} the record, {@code $inc} a
     * count) and a whole-document replacement (the kind of write the service makes, which the local server serves on
     * a path of its own, see testing's {@code IdFirstQueries.replaceById}); the ratio is taken against the faster.
     */
    private static final class Baseline implements AutoCloseable {

        private final MongoClient client;
        private final KafkaConsumer<String, byte[]> consumer;
        private final MongoCollection<Document> collection;
        private final Function<ConsumerRecord<String, byte[]>, WriteModel<Document>> upsert;
        /** Set for the floor: publishes one event per record after the write, as the service's outbox relay does. */
        private final KafkaProducer<String, byte[]> announcer;

        private Baseline(String name, String bootstrap, String mongoUri,
                         Function<ConsumerRecord<String, byte[]>, WriteModel<Document>> upsert, boolean announce) {
            this.upsert = upsert;
            announcer = announce ? new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 1), new StringSerializer(), new ByteArraySerializer()) : null;
            client = MongoClients.create(mongoUri);
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "bench-baseline-" + name,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000),
                    new StringDeserializer(), new ByteArrayDeserializer());
            collection = client.getDatabase("bench_baseline_" + name).getCollection("leads");
            consumer.subscribe(List.of(Topics.ACTIVITY_EVENTS));
        }

        static Baseline operators(String bootstrap, String mongoUri) {
            return new Baseline("operators", bootstrap, mongoUri, record -> new UpdateOneModel<>(Filters.eq("_id", record.key()),
                    Updates.combine(Updates.set("last", new String(record.value())), Updates.inc("n", 1)),
                    new UpdateOptions().upsert(true)), false);
        }

        static Baseline replacing(String bootstrap, String mongoUri) {
            return new Baseline("replacing", bootstrap, mongoUri, Baseline::replacement, false);
        }

        /**
         * Not a baseline but a floor: the replacement upsert plus what the issue has every scored activity announce,
         * one event per record published after the write (the record itself, headers and all, about the size of a
         * ScoreChanged), still no logic. What no implementation that emits ScoreChanged can beat on this machine.
         */
        static Baseline replacingAndPublishing(String bootstrap, String mongoUri) {
            return new Baseline("floor", bootstrap, mongoUri, Baseline::replacement, true);
        }

        private static WriteModel<Document> replacement(ConsumerRecord<String, byte[]> record) {
            return new ReplaceOneModel<>(Filters.eq("_id", record.key()), new Document("last", new String(record.value())),
                    new ReplaceOptions().upsert(true));
        }

        /**
         * Consumes the next {@code records} records: the rate from the first poll that returned any, and this JVM's
         * CPU per record meanwhile (the consumer, the broker and the Mongo-wire server).
         */
        Rate consume(int records) {
            long cpu = cpuNanos(ProcessHandle.current());
            long seen = 0;
            long start = 0;
            while (seen < records) {
                ConsumerRecords<String, byte[]> batch = consumer.poll(Duration.ofMillis(500));
                if (batch.isEmpty()) {
                    continue;
                }
                if (start == 0) {
                    start = System.nanoTime();
                }
                List<WriteModel<Document>> writes = new ArrayList<>(batch.count());
                for (ConsumerRecord<String, byte[]> record : batch) {
                    writes.add(upsert.apply(record));
                }
                collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
                if (announcer != null) {
                    for (ConsumerRecord<String, byte[]> record : batch) {
                        announcer.send(new ProducerRecord<>(FLOOR_TOPIC, null, record.key(), record.value(), record.headers()));
                    }
                }
                consumer.commitSync();
                seen += batch.count();
            }
            if (announcer != null) {
                announcer.flush();
            }
            if (seen != records) {
                throw new IllegalStateException("baseline read " + seen + " records, expected " + records);
            }
            return new Rate(seen / ((System.nanoTime() - start) / 1e9), (cpuNanos(ProcessHandle.current()) - cpu) / 1e3 / seen);
        }

        @Override
        public void close() {
            if (announcer != null) {
                announcer.close();
            }
            consumer.close();
            client.close();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    private static Process startService(Path work, int port, String bootstrap, String mongoUri) throws IOException {
        // The options ./tandem up starts every service with.
        List<String> command = new ArrayList<>(List.of("java", "@" + SERVICE_JVM_OPTIONS));
        // e.g. -Dbench.serviceJvmArgs=-XX:StartFlightRecording=filename=/tmp/scoring.jfr to profile the service
        String extra = System.getProperty("bench.serviceJvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("scoring-service.log").toFile()));
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        builder.environment().put("QUARKUS_MONGODB_CONNECTION_STRING", mongoUri);
        builder.environment().put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", work.resolve("keys/public.pem").toString());
        builder.environment().put("QUARKUS_LOG_LEVEL", "WARN");
        System.out.println("scoring-service log: " + work.resolve("scoring-service.log"));
        return builder.start();
    }

    private void awaitReady(String base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("scoring-service did not become ready");
    }

    private String publishModel(String base, String token) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/models"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MODEL)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
        if (created.statusCode() != 201 || !id.find()) {
            throw new IllegalStateException("model not created: " + created.statusCode() + " " + created.body());
        }
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/models/" + id.group(1) + "/publish"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (published.statusCode() != 200) {
            throw new IllegalStateException("model not published: " + published.body());
        }
        return id.group(1);
    }

    private double scoredSoFar(String base) throws Exception {
        return metric(base, SCORED);
    }

    private double metric(String base, Pattern pattern) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = pattern.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /**
     * The service re-evaluates every lead a minute after it starts, then hourly: a pass over every stored lead that
     * fell into a measured round by chance of timing (a third of the service's samples in one round). The measured
     * rounds start after that first pass; its duration is printed (the hourly ones cost the same, once an hour).
     */
    private void awaitFirstReevaluation(String backendName, String base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (metric(base, REEVALUATIONS) < 1) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service's first re-evaluation did not finish in time");
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        System.out.printf("[%s] first re-evaluation pass (a minute after start) over every stored lead: %.1f s%n",
                backendName, metric(base, REEVALUATION_SECONDS));
    }

    /**
     * Produces a round's records and times the service scoring them, from the moment the last one was produced (the
     * service starts on the first ones while the rest are produced) until every one is scored.
     */
    private Pass scoringRate(String base, String bootstrap, int records, int leads, String leadPrefix,
                             ProcessHandle service) throws Exception {
        double target = scoredSoFar(base) + records;
        produce(bootstrap, records, leads, leadPrefix);
        double from = scoredSoFar(base);
        long fromAt = System.nanoTime();
        long serviceCpu = cpuNanos(service);
        long benchCpu = cpuNanos(ProcessHandle.current());
        long deadline = fromAt + TimeUnit.MINUTES.toNanos(30);
        while (System.nanoTime() < deadline) {
            double scored = scoredSoFar(base);
            if (scored >= target) {
                double count = scored - from;
                return new Pass(count / ((System.nanoTime() - fromAt) / 1e9),
                        (cpuNanos(service) - serviceCpu) / 1e3 / count,
                        (cpuNanos(ProcessHandle.current()) - benchCpu) / 1e3 / count);
            }
            // Each look at /q/metrics costs the service a Prometheus scrape: four a second are enough.
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("scoring-service did not score every activity in time");
    }

    /**
     * A scoring pass: activities/s, and CPU per scored activity of the service's process and of this one (the broker,
     * the Mongo-wire server and the bench's own polling), which varies far less between runs than the rate does.
     */
    private record Pass(double rate, double serviceCpuMicros, double benchCpuMicros) {
    }

    /** A baseline pass: records/s, and this JVM's CPU per record. */
    private record Rate(double perSecond, double benchCpuMicros) {
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Each activity goes to a new lead, so each one's ScoreChanged marks its score as committed. */
    private static Histogram latency(String bootstrap, int seconds) throws Exception {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        AtomicBoolean done = new AtomicBoolean();
        int total = seconds * 1000;
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "bench-latency",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(Topics.SCORE_EVENTS));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60L);
                while (!done.get() && histogram.getTotalCount() < total && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                        Long sent = sentAt.remove(record.key());
                        if (sent != null && CloudEvents.fromRecord(record) instanceof ScoreChanged) {
                            histogram.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
                        }
                    }
                }
            }
        });
        reader.start();
        TimeUnit.SECONDS.sleep(3); // let the reader join its group before the first send
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * 1_000_000L;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String lead = "latency-" + UUID.randomUUID();
                sentAt.put(lead, System.nanoTime());
                producer.send(CloudEvents.toRecord(new ActivityRecorded(UUID.randomUUID(), Instant.now(), lead,
                        TandemEvent.SCHEMA_VERSION, "page_view", null, "web", Map.of("url", "/pricing")), "bench"));
            }
        }
        reader.join(TimeUnit.SECONDS.toMillis(90));
        done.set(true);
        return histogram;
    }
}
