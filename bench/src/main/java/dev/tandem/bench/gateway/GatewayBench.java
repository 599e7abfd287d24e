package dev.tandem.bench.gateway;

import com.sun.net.httpserver.HttpServer;
import dev.tandem.bench.SuiteOptions;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's cost, measured against the same requests sent straight to the upstream in the same run
 * ({@code ./tandem up}), with the load average printed beside each figure:
 * <ol>
 *   <li>added latency: {@code GET /leads/{id}} at a fixed rate from an open-model generator (each request has an
 *   intended send time on a fixed schedule; latency is counted from that time, so a stall delays every request
 *   behind it and is counted, no coordinated omission), direct vs through; first to a cheap upstream (a canned lead
 *   served by this process, routed as {@code /api/bench/…}, so the upstream is not the bottleneck), then to
 *   lead-service itself at {@code --real-rate};</li>
 *   <li>saturation: the same GETs from a closed loop of {@code --connections} clients as fast as answers come;</li>
 *   <li>ingest: {@code POST /api/activities} in arrays of {@code --batch} (tracker token), closed loop, lead-service;</li>
 *   <li>the gateway's RSS (sampled from /proc while the load runs) and, with {@code --gateway-jar}, the time from
 *   launching a second gateway to its first proxied answer.</li>
 * </ol>
 * The gateway must route {@code bench} to the cheap upstream: {@code -Dtandem.gateway.upstreams.bench-stub=
 * http://127.0.0.1:18199 -Dtandem.gateway.routes.bench=bench-stub} ({@code TANDEM_SERVICE_JAVA_OPTS} of
 * {@code ./tandem up}). Options: {@code --direct http://127.0.0.1:8081 --gateway http://127.0.0.1:8080 --keys
 * .tandem/keys --rate 1000 --real-rate 1000 --seconds 20 --warmup-seconds 10 --connections 16 --batch 100
 * --ingest-batches 1500 --stub-port 18199 --gateway-pid N --gateway-jar gateway/target/quarkus-app/quarkus-run.jar
 * --second-jvm-options "…"} (with a jar, a gateway is launched with those options and measured instead of
 * {@code --gateway}).
 */
public final class GatewayBench {

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    private final SuiteOptions options;
    private final String direct;
    private String gateway;
    private final int rate;
    private final int seconds;
    private final int warmupSeconds;
    private final int connections;
    private final int batch;
    private final int ingestBatches;
    private long gatewayPid;
    private final String marketing;
    private final String tracker;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
    private final AtomicLong maxRssKb = new AtomicLong();

    private GatewayBench(SuiteOptions options) {
        this.options = options;
        direct = options.get("direct", "http://127.0.0.1:8081");
        gateway = options.get("gateway", "http://127.0.0.1:8080");
        rate = options.getInt("rate", 1000);
        seconds = options.getInt("seconds", 20);
        warmupSeconds = options.getInt("warmup-seconds", 10);
        connections = options.getInt("connections", 16);
        batch = options.getInt("batch", 100);
        ingestBatches = options.getInt("ingest-batches", 1500);
        gatewayPid = Long.parseLong(options.get("gateway-pid", "0"));
        marketing = options.token("marketing");
        tracker = options.token("tracker");
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        try {
            new GatewayBench(SuiteOptions.parse(args)).run();
        } catch (Throwable failure) {
            failure.printStackTrace();
            // The HTTP client's threads would keep the JVM (and a launched gateway) alive.
            System.exit(1);
        }
    }

    private void run() throws Exception {
        System.out.printf("load average at start: %s%n", loadAverage());
        // --direct none: no lead-service (a gateway on a database of its own); only the cheap upstream is measured.
        boolean withLeadService = !"none".equals(direct);
        List<String> leads = withLeadService ? createLeads(200)
                : java.util.stream.Stream.generate(() -> UUID.randomUUID().toString()).limit(200).toList();
        String jar = options.get("gateway-jar", "");
        Process launched = jar.isEmpty() ? null : launchGateway(jar, leads.get(0));
        Thread sampler = rssSampler();
        System.out.printf("gateway bench: %d leads; direct %s, through %s%n", leads.size(), direct, gateway);
        HttpServer stub = cheapUpstream();
        String stubDirect = "http://127.0.0.1:" + stub.getAddress().getPort() + "/bench/leads/";
        String stubThrough = gateway + "/api/bench/leads/";
        if (!answers200(stubThrough + leads.get(0))) {
            System.out.printf("%n%s does not reach the cheap upstream: start the gateway with -Dtandem.gateway.upstreams"
                    + ".bench-stub=http://127.0.0.1:%d -Dtandem.gateway.routes.bench=bench-stub (./tandem up:"
                    + " TANDEM_SERVICE_JAVA_OPTS)%n", stubThrough, stub.getAddress().getPort());
            System.exit(2);
        }

        System.out.printf("%n1. added latency, GET /leads/{id} at %d req/s open model, %d s each (after %d s warm-up"
                + " each)%n   a. cheap upstream (a canned lead from an in-process server: the gateway's own cost)%n",
                rate, seconds, warmupSeconds);
        addedLatency(stubDirect, stubThrough, leads, rate);
        int realRate = withLeadService ? options.getInt("real-rate", rate) : 0;
        if (realRate > 0) {
            System.out.printf("   b. lead-service itself at %d req/s%n", realRate);
            addedLatency(direct + "/leads/", gateway + "/api/leads/", leads, realRate);
        }

        System.out.printf("%n2. saturation, GET /leads/{id}, closed loop of %d connections, %d s each%n", connections,
                seconds);
        saturation("cheap upstream", stubDirect, stubThrough, leads);
        if (withLeadService) {
            saturation("lead-service", direct + "/leads/", gateway + "/api/leads/", leads);
            ingest(leads);
        }

        sampler.interrupt();
        stub.stop(0);
        if (gatewayPid > 0) {
            System.out.printf("%n4. gateway (pid %d) RSS: highest sample during the load %,d MB, now %,d MB%n",
                    gatewayPid, maxRssKb.get() / 1024, rssKb(gatewayPid) / 1024);
        }
        System.out.printf("load average at the end: %s%n", loadAverage());
        if (launched != null) {
            launched.destroy();
            launched.waitFor(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private void ingest(List<String> leads) throws Exception {
        System.out.printf("%n3. ingest, POST /activities in arrays of %d, %d connections, %,d batches each (after %,d"
                + " not measured)%n", batch, connections, ingestBatches, ingestBatches / 3);
        ingest(direct + "/activities", leads, ingestBatches / 3);
        ingest(gateway + "/api/activities", leads, ingestBatches / 3);
        double directIngest = ingest(direct + "/activities", leads, ingestBatches);
        double gatewayIngest = ingest(gateway + "/api/activities", leads, ingestBatches);
        System.out.printf("  direct %,.0f activities/s, through %,.0f activities/s: %.0f%% of direct (load average %s)%n",
                directIngest, gatewayIngest, 100 * gatewayIngest / directIngest, loadAverage());
    }

    private void addedLatency(String directBase, String throughBase, List<String> leads, int perSecond)
            throws Exception {
        openModel(directBase, leads, warmupSeconds, perSecond);
        openModel(throughBase, leads, warmupSeconds, perSecond);
        Histogram directLatency = openModel(directBase, leads, seconds, perSecond);
        Histogram gatewayLatency = openModel(throughBase, leads, seconds, perSecond);
        printLatency("direct", directLatency);
        printLatency("through", gatewayLatency);
        System.out.printf("    added: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms (load average %s)%n",
                ms(gatewayLatency.getValueAtPercentile(50) - directLatency.getValueAtPercentile(50)),
                ms(gatewayLatency.getValueAtPercentile(99) - directLatency.getValueAtPercentile(99)),
                ms(gatewayLatency.getValueAtPercentile(99.9) - directLatency.getValueAtPercentile(99.9)),
                loadAverage());
    }

    private void saturation(String name, String directBase, String throughBase, List<String> leads) throws Exception {
        closedLoop(directBase, leads, warmupSeconds / 2);
        closedLoop(throughBase, leads, warmupSeconds / 2);
        double directRate = closedLoop(directBase, leads, seconds);
        double gatewayRate = closedLoop(throughBase, leads, seconds);
        System.out.printf("  %s: direct %,.0f req/s, through %,.0f req/s: %.0f%% of direct (load average %s)%n", name,
                directRate, gatewayRate, 100 * gatewayRate / directRate, loadAverage());
    }

    /**
     * The cheap upstream: {@code GET /bench/leads/{id}} answered with a canned lead of lead-service's size from an
     * in-process server, so the upstream is never the bottleneck and what the gateway adds is all that differs.
     */
    private HttpServer cheapUpstream() throws IOException {
        byte[] lead = ("{\"id\":\"00000000-0000-0000-0000-000000000000\",\"email\":\"gw-bench@example.jp\","
                + "\"lastName\":\"ベンチ\",\"firstName\":null,\"company\":null,\"status\":\"NEW\",\"ownerId\":null,"
                + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"updatedAt\":\"2026-01-01T00:00:00Z\",\"version\":0}")
                .getBytes(StandardCharsets.UTF_8);
        // The JDK server writes headers and body apart; with Nagle on, a pooled keep-alive client (the gateway's)
        // waits for the delayed ACK, ~40 ms per answer, which had been measured as the gateway's cost.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", options.getInt("stub-port", 18199)),
                512);
        server.createContext("/bench/leads/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, lead.length);
            exchange.getResponseBody().write(lead);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        return server;
    }

    private boolean answers200(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + marketing)
                    .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Requests on a fixed schedule; latency from each request's intended send time. */
    private Histogram openModel(String base, List<String> leads, int durationSeconds, int perSecond)
            throws Exception {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long interval = 1_000_000_000L / perSecond;
        long total = (long) perSecond * durationSeconds;
        long start = System.nanoTime() + 50_000_000L;
        List<CompletableFuture<?>> pending = new ArrayList<>();
        AtomicLong failures = new AtomicLong();
        for (long i = 0; i < total; i++) {
            long intended = start + i * interval;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + leads.get((int) (i % leads.size()))))
                    .header("Authorization", "Bearer " + marketing).timeout(Duration.ofSeconds(30)).GET().build();
            pending.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, e) -> {
                long latency = System.nanoTime() - intended;
                synchronized (histogram) {
                    histogram.recordValue(Math.min(latency, histogram.getHighestTrackableValue()));
                }
                if (e != null || response.statusCode() != 200) {
                    failures.incrementAndGet();
                }
            }));
            if (pending.size() > 5000) {
                pending.removeIf(CompletableFuture::isDone);
            }
        }
        // A failed or timed-out request is already counted (and its latency recorded): wait for all, fail none.
        CompletableFuture.allOf(pending.stream().map(f -> f.handle((ok, e) -> null))
                .toArray(CompletableFuture[]::new)).join();
        if (failures.get() > 0) {
            System.out.printf("    (%s: %d requests failed or were not 200)%n", base, failures.get());
        }
        return histogram;
    }

    private double closedLoop(String base, List<String> leads, int durationSeconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        AtomicLong done = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            int offset = c;
            pool.submit(() -> {
                int i = offset;
                while (running.get()) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base + leads.get(i++ % leads.size())))
                            .header("Authorization", "Bearer " + marketing).GET().build();
                    try {
                        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            done.incrementAndGet();
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            });
        }
        Thread.sleep(durationSeconds * 1000L);
        running.set(false);
        long count = done.get();
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        return count / elapsed;
    }

    private double ingest(String url, List<String> leads, int batches) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        long start = System.nanoTime();
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(pool.submit(() -> {
                long b;
                while ((b = next.getAndIncrement()) < batches) {
                    StringBuilder body = new StringBuilder("[");
                    for (int a = 0; a < batch; a++) {
                        if (a > 0) {
                            body.append(',');
                        }
                        body.append("{\"leadId\":\"").append(leads.get((int) ((b * batch + a) % leads.size())))
                                .append("\",\"type\":\"page_view\",\"occurredAt\":\"2026-01-01T00:00:00Z\","
                                        + "\"properties\":{\"url\":\"https://example.com/p/").append(a).append("\"}}");
                    }
                    body.append(']');
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + tracker).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 202) {
                            accepted.addAndGet(batch);
                        } else if (accepted.get() == 0) {
                            System.out.printf("  %s answered %d: %s%n", url, response.statusCode(), response.body());
                        }
                    } catch (Exception e) {
                        return;
                    }
                }
            }));
        }
        for (java.util.concurrent.Future<?> worker : workers) {
            worker.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return accepted.get() / elapsed;
    }

    /**
     * Launches a gateway of its own (the same jar, its own JVM options, port {@code --second-port}) against the same
     * services and database, times launch to its first proxied answer, and makes it the one measured.
     */
    private Process launchGateway(String jar, String leadId) throws Exception {
        int port = options.getInt("second-port", 18080);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        String jvmOptions = options.get("second-jvm-options", "-Xmx80m -Xmn32m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=40m -Xss512k");
        command.addAll(List.of(jvmOptions.split(" ")));
        command.addAll(List.of("-Dquarkus.http.port=" + port,
                "-Dtandem.gateway.rate-limit.roles.marketing.requests=1000000000",
                "-Dtandem.gateway.rate-limit.roles.tracker.requests=1000000000", "-jar", jar));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "gateway-bench-second.log").toFile());
        builder.environment().put("MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                Path.of(options.get("keys", ".tandem/keys"), "public.pem").toAbsolutePath().toString());
        long launched = System.nanoTime();
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/leads/" + leadId))
                .header("Authorization", "Bearer " + marketing).timeout(Duration.ofSeconds(5)).GET().build();
        while (true) {
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                double elapsed = (System.nanoTime() - launched) / 1e9;
                System.out.printf("gateway launched here (%s): launch to first proxied answer (%d) %.2f s, RSS then"
                        + " %,d MB; it is the gateway measured below%n", jvmOptions, status, elapsed,
                        rssKb(process.pid()) / 1024);
                gateway = "http://127.0.0.1:" + port;
                gatewayPid = process.pid();
                return process;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() - launched > 60e9) {
                    process.destroy();
                    throw new IllegalStateException("the launched gateway did not answer; its log is in "
                            + System.getProperty("java.io.tmpdir"));
                }
                Thread.sleep(20);
            }
        }
    }

    private Thread rssSampler() {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (gatewayPid > 0) {
                    maxRssKb.accumulateAndGet(rssKb(gatewayPid), Math::max);
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private List<String> createLeads(int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(direct + "/leads"))
                    .header("Authorization", "Bearer " + marketing).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"gw-bench-" + UUID.randomUUID()
                            + "@example.jp\",\"lastName\":\"ベンチ\"}")).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher id = ID.matcher(response.body());
            if (response.statusCode() != 201 || !id.find()) {
                throw new IllegalStateException("creating a lead answered " + response.statusCode() + ": "
                        + response.body());
            }
            ids.add(id.group(1));
        }
        return ids;
    }

    private static void printLatency(String name, Histogram h) {
        System.out.printf("    %-8s p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms (%,d requests)%n",
                name, ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), h.getTotalCount());
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
