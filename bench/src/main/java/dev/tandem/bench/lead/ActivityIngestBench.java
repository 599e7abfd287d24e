package dev.tandem.bench.lead;

import dev.tandem.bench.SuiteOptions;
import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.TandemEvent;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Activity ingestion of a running lead-service ({@code ./tandem up}): POST /activities in batches, each answered
 * only after Kafka acknowledged it, against the same records produced straight to Kafka with a plain producer
 * (acks=all, one wait per batch) in the same run. Prints activities/s and per-batch p50/p99 for both.
 *
 * <p>Options: {@code --url http://127.0.0.1:8081 --kafka 127.0.0.1:9092 --keys .tandem/keys --leads 500
 * --activities 100000 --warmup 200000 --batch 100 --threads 4}. The warm-up pass is not measured: in JVMs that
 * {@code ./tandem up} has just started, the JIT compilers took half the machine's CPU in the first minute and still
 * a third 45-80 s in (per-thread CPU from /proc), so the figure is the sustained rate after about a minute of load.
 */
public final class ActivityIngestBench {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final String url;
    private final String kafka;
    private final int leadCount;
    private final int activities;
    private final int warmup;
    private final int batch;
    private final int threads;
    private final SuiteOptions options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ActivityIngestBench(SuiteOptions options) {
        this.options = options;
        url = options.get("url", "http://127.0.0.1:8081");
        kafka = options.get("kafka", "127.0.0.1:9092");
        leadCount = options.getInt("leads", 500);
        activities = options.getInt("activities", 100000);
        warmup = options.getInt("warmup", 200000);
        batch = options.getInt("batch", 100);
        threads = options.getInt("threads", 4);
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        new ActivityIngestBench(SuiteOptions.parse(args)).run();
    }

    private void run() throws Exception {
        List<String> leadIds = createLeads();
        System.out.printf("lead-service activity ingestion: %,d activities in batches of %d (after %,d not measured), %d "
                + "client threads, %d leads%n", activities, batch, warmup, threads, leadIds.size());

        if (warmup > 0) {
            measureService(leadIds, warmup);
        }
        Result service = measureService(leadIds, activities);
        Result baseline = measureKafka(leadIds, activities);

        System.out.println();
        System.out.printf("%-44s %14s %12s %12s%n", "pass", "activities/s", "p50 ms", "p99 ms");
        print("POST /activities (lead-service, acks=all)", service);
        print("plain producer straight to Kafka (acks=all)", baseline);
        System.out.printf("%nlead-service reaches %.0f%% of the raw producer; target >= 5,000/s: %s%n",
                100.0 * service.perSecond() / baseline.perSecond(), service.perSecond() >= 5000 ? "met" : "NOT met");
    }

    private static void print(String name, Result result) {
        System.out.printf("%-44s %,14.0f %12.1f %12.1f%n", name, result.perSecond(),
                result.latency().getValueAtPercentile(50) / 1000.0, result.latency().getValueAtPercentile(99) / 1000.0);
    }

    private record Result(long count, long nanos, Histogram latency) {
        double perSecond() {
            return count * 1e9 / nanos;
        }
    }

    private List<String> createLeads() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String token = options.token("marketing");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < leadCount; i++) {
            String body = "{\"email\":\"bench-" + run + "-" + i + "@bench.example\",\"source\":\"bench\"}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/leads"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("creating a lead failed: " + response.statusCode() + " " + response.body());
            }
            Matcher id = ID.matcher(response.body());
            if (!id.find()) {
                throw new IllegalStateException("no id in " + response.body());
            }
            ids.add(id.group(1));
        }
        return ids;
    }

    private String batchBody(List<String> leadIds, long first) {
        StringBuilder body = new StringBuilder(batch * 160).append('[');
        for (int i = 0; i < batch; i++) {
            long n = first + i;
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"leadId\":\"").append(leadIds.get((int) (n % leadIds.size())))
                    .append("\",\"type\":\"page_view\",\"source\":\"bench\",\"properties\":{\"url\":\"https://example.com/p/")
                    .append(n % 97).append("\",\"title\":\"Pricing\"}}");
        }
        return body.append(']').toString();
    }

    /** Sends one batch (its index given) and returns when it is acknowledged. */
    private interface BatchSender {
        void send(long batchIndex) throws Exception;
    }

    /** Both passes measure the same way: {@code threads} workers take batches in turn, each batch timed to its ack. */
    private Result measure(int total, BatchSender sender) throws Exception {
        int batches = total / batch;
        AtomicLong next = new AtomicLong();
        Histogram latency = new Histogram(3);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                Histogram own = new Histogram(3);
                long b;
                while ((b = next.getAndIncrement()) < batches) {
                    long sent = System.nanoTime();
                    sender.send(b);
                    own.recordValue((System.nanoTime() - sent) / 1000);
                }
                synchronized (latency) {
                    latency.add(own);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        long nanos = System.nanoTime() - start;
        pool.shutdown();
        return new Result((long) batches * batch, nanos, latency);
    }

    private Result measureService(List<String> leadIds, int total) throws Exception {
        String token = options.token("tracker");
        return measure(total, b -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/activities"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(batchBody(leadIds, b * batch))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202 || !response.body().contains("\"accepted\":" + batch)) {
                throw new IllegalStateException("batch refused: " + response.statusCode() + " " + response.body());
            }
        });
    }

    private Result measureKafka(List<String> leadIds, int total) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.BATCH_SIZE_CONFIG, 65536),
                new StringSerializer(), new ByteArraySerializer())) {
            return measure(total, b -> {
                List<Future<RecordMetadata>> acks = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    long n = b * batch + i;
                    ActivityRecorded event = new ActivityRecorded(UUID.randomUUID(), Instant.now(),
                            leadIds.get((int) (n % leadIds.size())), TandemEvent.SCHEMA_VERSION, "page_view",
                            null, "bench-baseline", Map.of("url", "https://example.com/p/" + (n % 97), "title", "Pricing"));
                    acks.add(producer.send(CloudEvents.toRecord(event, "bench")));
                }
                producer.flush();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get();
                }
            });
        }
    }
}
