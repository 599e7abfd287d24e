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
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /kgi/{period}} over the stage history of many leads (default 1,000,000) against a running
 * feedback-service ({@code ./tandem up}), beside the period's stage counts as one plain SQL query on the same
 * database in the same run. The leads and their facts are generated in PostgreSQL ({@code generate_series}): every
 * lead an MQL in the period, half of them SQLs, a fifth opportunities, a tenth customers, over 8 sources, 20
 * campaigns and 50 owners; they are made once (ids {@code kgi-bench-*}) and kept for later runs.
 *
 * <p>Options: {@code --url http://127.0.0.1:8084 --jdbc jdbc:postgresql://127.0.0.1:5432/tandem_feedback --keys
 * .tandem/keys --leads 1000000 --period 2026-05 --requests 20}.
 */
public final class KgiBench {

    private static final Instant PERIOD_START = Instant.parse("2026-04-30T15:00:00Z"); // 2026-05-01 00:00 JST
    private static final int PERIOD_SECONDS = 31 * 24 * 3600;

    public static void main(String[] args) throws Exception {
        SuiteOptions options = SuiteOptions.parse(args);
        String url = options.get("url", "http://127.0.0.1:8084");
        String jdbc = options.get("jdbc", "jdbc:postgresql://127.0.0.1:5432/tandem_feedback");
        int leads = options.getInt("leads", 1_000_000);
        int requests = options.getInt("requests", 20);
        String period = options.get("period", "2026-05");
        try (Connection db = DriverManager.getConnection(jdbc, "feedback", "feedback")) {
            generate(db, leads);
            String admin = options.token("admin");
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest get = HttpRequest.newBuilder(URI.create(url + "/kgi/" + period))
                    .header("Authorization", "Bearer " + admin).timeout(Duration.ofMinutes(2)).GET().build();
            Histogram api = new Histogram(3);
            Histogram sql = new Histogram(3);
            for (int i = 0; i < requests + 2; i++) {
                long t = System.nanoTime();
                HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
                long micros = (System.nanoTime() - t) / 1000;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GET /kgi answered " + r.statusCode() + " " + r.body());
                }
                if (i == 0) {
                    System.out.println("first answer (" + r.body().length() + " bytes): "
                            + r.body().substring(0, Math.min(300, r.body().length())));
                }
                if (i >= 2) {
                    api.recordValue(Math.max(1, micros));
                }
            }
            try (PreparedStatement counts = db.prepareStatement("SELECT f.stage, count(DISTINCT f.lead_id)"
                    + " FROM stage_fact f WHERE f.at >= ? AND f.at < ? GROUP BY f.stage")) {
                counts.setTimestamp(1, Timestamp.from(PERIOD_START));
                counts.setTimestamp(2, Timestamp.from(PERIOD_START.plusSeconds(PERIOD_SECONDS)));
                for (int i = 0; i < requests + 2; i++) {
                    long t = System.nanoTime();
                    try (ResultSet rows = counts.executeQuery()) {
                        while (rows.next()) {
                            rows.getLong(2);
                        }
                    }
                    if (i >= 2) {
                        sql.recordValue(Math.max(1, (System.nanoTime() - t) / 1000));
                    }
                }
            }
            System.out.println();
            System.out.printf("%-60s %9s %9s %9s%n", "pass (" + String.format("%,d", leads) + " leads)", "p50 ms",
                    "p95 ms", "max ms");
            for (var row : List.of(new Object[]{"GET /kgi/" + period + " (one at a time)", api},
                    new Object[]{"baseline: stage counts of the period, one plain SQL query", sql})) {
                Histogram h = (Histogram) row[1];
                System.out.printf("%-60s %9.1f %9.1f %9.1f%n", row[0], h.getValueAtPercentile(50) / 1000.0,
                        h.getValueAtPercentile(95) / 1000.0, h.getMaxValue() / 1000.0);
            }
        }
    }

    private static void generate(Connection db, int leads) throws Exception {
        long have;
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM lead_copy WHERE id LIKE 'kgi-bench-%'")) {
            r.next();
            have = r.getLong(1);
        }
        if (have >= leads) {
            System.out.printf("%,d generated leads already there%n", have);
            return;
        }
        long start = System.nanoTime();
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            // No mql_at: the service's SLA timer would otherwise recycle half a million untouched MQLs mid-run.
            s.executeUpdate("INSERT INTO lead_copy (id, stage, source, campaign, owner_id, country, industry,"
                    + " updated_at, version) SELECT 'kgi-bench-' || g, CASE WHEN g % 10 = 0 THEN 'customer'"
                    + " WHEN g % 5 = 0 THEN 'opportunity' WHEN g % 2 = 0 THEN 'sql' ELSE 'mql' END,"
                    + " 'source-' || (g % 8), 'campaign-' || (g % 20), 'kgi-bench-rep-' || (g % 50), 'JP',"
                    + " 'industry-' || (g % 12), now(), 0 FROM generate_series(1, " + leads + ") g"
                    + " ON CONFLICT (id) DO NOTHING");
            fact(s, leads, "mql", 0, "true");
            fact(s, leads, "sql", 2 * 86400, "g % 2 = 0");
            fact(s, leads, "opportunity", 5 * 86400, "g % 5 = 0");
            fact(s, leads, "customer", 9 * 86400, "g % 10 = 0");
            db.commit();
            s.execute("ANALYZE lead_copy");
            s.execute("ANALYZE stage_fact");
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
        System.out.printf("generated %,d leads and their stage facts in %.1f s%n", leads,
                (System.nanoTime() - start) / 1e9);
    }

    /** A time in the period spread by the lead's number, {@code offsetSeconds} later for later stages (capped). */
    private static String at(int offsetSeconds) {
        return "timestamptz '" + PERIOD_START + "' + least((g::bigint * 7919) % " + (PERIOD_SECONDS - 10 * 86400) + " + "
                + offsetSeconds + ", " + (PERIOD_SECONDS - 1) + ") * interval '1 second'";
    }

    private static void fact(Statement s, int leads, String stage, int offsetSeconds, String which) throws Exception {
        s.executeUpdate("INSERT INTO stage_fact (lead_id, stage, at, event_id) SELECT 'kgi-bench-' || g, '" + stage
                + "', " + at(offsetSeconds) + ", gen_random_uuid() FROM generate_series(1, " + leads + ") g WHERE "
                + which + " ON CONFLICT DO NOTHING");
    }
}
