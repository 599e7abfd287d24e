package dev.tandem.bench.feedback;

import dev.tandem.bench.SuiteOptions;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /feedback} (each with its own Idempotency-Key: claim, feedback row, outbox row and kept answer in one
 * transaction) and {@code POST /feedback/batch} of 200 items against a running feedback-service ({@code ./tandem
 * up}), beside the same feedback-row insert as plain JDBC (one transaction per row) on the same database in the
 * same run. Prints requests/s and p50/p99: closed loop at full speed, then an open loop at a fixed rate.
 *
 * <p>Options: {@code --lead-url http://127.0.0.1:8081 --url http://127.0.0.1:8084 --jdbc
 * jdbc:postgresql://127.0.0.1:5432/tandem_feedback --keys .tandem/keys --leads 50 --requests 20000 --threads 16
 * --rate 500 --seconds 10 --batches 30 --http 1.1} ({@code --http 2}: h2c, every thread over one connection).
 */
public final class FeedbackBench {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final SuiteOptions options;
    private final String leadUrl;
    private final String url;
    private final HttpClient http;
    private final String admin;

    private FeedbackBench(SuiteOptions options) {
        this.options = options;
        leadUrl = options.get("lead-url", "http://127.0.0.1:8081");
        url = options.get("url", "http://127.0.0.1:8084");
        // HTTP/1.1 by default: a connection per concurrent request, as many phones (or the gateway's upstream pool)
        // make. The JDK client's default upgrades to h2c and multiplexes every thread over one connection, whose
        // lock and single event loop then dominate (the README's first figures were measured that way).
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version("2".equals(options.get("http", "1.1")) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
        admin = options.token("admin");
    }

    public static void main(String[] args) throws Exception {
        new FeedbackBench(SuiteOptions.parse(args)).run();
    }

    private void run() throws Exception {
        List<String> leads = leads(options.getInt("leads", 50));
        int requests = options.getInt("requests", 20000);
        int threads = options.getInt("threads", 16);
        measureClosed("warm-up (not counted)", leads, requests / 4, threads);
        Result single = measureClosed("POST /feedback, closed loop", leads, requests, threads);
        Result jdbc = measureJdbc(leads, requests, threads);
        Result paced = measureRate(leads, options.getInt("rate", 500), options.getInt("seconds", 10));
        Result batch = measureBatches(leads, options.getInt("batches", 30));
        System.out.println();
        System.out.printf("%-52s %10s %9s %9s%n", "pass", "per s", "p50 ms", "p99 ms");
        for (Result r : List.of(single, jdbc, paced, batch)) {
            System.out.printf("%-52s %,10.0f %9.1f %9.1f%n", r.name, r.perSecond, r.p50, r.p99);
        }
    }

    private record Result(String name, double perSecond, double p50, double p99) {
    }

    private List<String> leads(int count) throws Exception {
        String marketing = options.token("marketing");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String body = "{\"email\":\"bench-" + UUID.randomUUID() + "@bench.example\",\"lastName\":\"ベンチ\"}";
            HttpResponse<String> created = http.send(post(leadUrl + "/leads", marketing, body, null),
                    HttpResponse.BodyHandlers.ofString());
            Matcher m = ID.matcher(created.body());
            if (created.statusCode() != 201 || !m.find()) {
                throw new IllegalStateException("lead not created: " + created.statusCode() + " " + created.body());
            }
            ids.add(m.group(1));
        }
        for (String id : ids) {
            Instant until = Instant.now().plusSeconds(30);
            while (http.send(HttpRequest.newBuilder(URI.create(url + "/leads/" + id + "/feedback"))
                    .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() != 200) {
                if (Instant.now().isAfter(until)) {
                    throw new IllegalStateException("feedback-service never saw lead " + id);
                }
                Thread.sleep(50);
            }
        }
        return ids;
    }

    private HttpRequest post(String target, String token, String body, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return b.build();
    }

    private static String note(String lead, int i) {
        return "{\"leadId\":\"" + lead + "\",\"action\":\"note\",\"note\":\"ベンチ " + i + "\"}";
    }

    private void one(List<String> leads, int i, Histogram latency) throws Exception {
        long start = System.nanoTime();
        HttpResponse<Void> r = http.send(post(url + "/feedback", admin, note(leads.get(i % leads.size()), i),
                "bench-" + UUID.randomUUID()), HttpResponse.BodyHandlers.discarding());
        latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
        if (r.statusCode() != 201) {
            throw new IllegalStateException("POST /feedback answered " + r.statusCode());
        }
    }

    private Result measureClosed(String name, List<String> leads, int requests, int threads) throws Exception {
        Histogram latency = new Histogram(3);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        parallel(threads, () -> {
            for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                synchronizedRecord(leads, i, latency);
            }
            return null;
        });
        return result(name + " (" + threads + " threads)", requests, start, latency);
    }

    private void synchronizedRecord(List<String> leads, int i, Histogram shared) throws Exception {
        Histogram mine = new Histogram(3);
        one(leads, i, mine);
        synchronized (shared) {
            shared.add(mine);
        }
    }

    private Result measureRate(List<String> leads, int rate, int seconds) throws Exception {
        Histogram latency = new Histogram(3);
        int total = rate * seconds;
        ExecutorService pool = Executors.newFixedThreadPool(64);
        long start = System.nanoTime();
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            int n = i;
            sent.add(pool.submit(() -> {
                synchronizedRecord(leads, n, latency);
                return null;
            }));
        }
        for (Future<?> f : sent) {
            f.get();
        }
        pool.shutdown();
        return result("POST /feedback at " + rate + "/s", total, start, latency);
    }

    private Result measureBatches(List<String> leads, int batches) throws Exception {
        Histogram latency = new Histogram(3);
        long start = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            StringBuilder body = new StringBuilder("{\"items\":[");
            for (int i = 0; i < 200; i++) {
                body.append(i == 0 ? "" : ",").append("{\"idempotencyKey\":\"batch-").append(UUID.randomUUID())
                        .append("\",\"feedback\":").append(note(leads.get(i % leads.size()), i)).append('}');
            }
            body.append("]}");
            long t = System.nanoTime();
            HttpResponse<String> r = http.send(post(url + "/feedback/batch", admin, body.toString(), null),
                    HttpResponse.BodyHandlers.ofString());
            latency.recordValue(Math.max(1, (System.nanoTime() - t) / 1000));
            if (r.statusCode() != 200 || !r.body().contains("\"failed\":0")) {
                throw new IllegalStateException("batch answered " + r.statusCode() + " " + r.body().substring(0, 200));
            }
        }
        return result("POST /feedback/batch of 200 (one at a time)", batches, start, latency);
    }

    /** The baseline: the same feedback row inserted with plain JDBC, one transaction each, same threads. */
    private Result measureJdbc(List<String> leads, int requests, int threads) throws Exception {
        String jdbc = options.get("jdbc", "jdbc:postgresql://127.0.0.1:5432/tandem_feedback");
        Histogram latency = new Histogram(3);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        parallel(threads, () -> {
            try (Connection c = DriverManager.getConnection(jdbc, "feedback", "feedback")) {
                c.setAutoCommit(false);
                PreparedStatement insert = c.prepareStatement("INSERT INTO feedback (id, lead_id, rep_id, kind,"
                        + " occurred_at, recorded_at, note, detail) VALUES (?, ?, 'bench-jdbc', 'note', ?, ?, ?, '{}')");
                Histogram mine = new Histogram(3);
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long t = System.nanoTime();
                    Timestamp now = Timestamp.from(Instant.now());
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, leads.get(i % leads.size()));
                    insert.setTimestamp(3, now);
                    insert.setTimestamp(4, now);
                    insert.setString(5, "ベンチ " + i);
                    insert.executeUpdate();
                    c.commit();
                    mine.recordValue(Math.max(1, (System.nanoTime() - t) / 1000));
                }
                synchronized (latency) {
                    latency.add(mine);
                }
                c.createStatement().executeUpdate("DELETE FROM feedback WHERE rep_id = 'bench-jdbc'");
                c.commit();
            }
            return null;
        });
        return result("baseline: plain JDBC insert, one tx each (" + threads + " threads)", requests, start, latency);
    }

    private static void parallel(int threads, java.util.concurrent.Callable<Void> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Void>> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            all.add(pool.submit(work));
        }
        for (Future<Void> f : all) {
            f.get();
        }
        pool.shutdown();
    }

    private static Result result(String name, int count, long startNanos, Histogram latency) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return new Result(name, count / seconds, latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0);
    }
}
