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
 * feedback-service ({@code ./tandem up}), beside the same aggregate as plain SQL over the facts on the same database
 * in the same run: the period's stage counts as one query, and the whole aggregate the endpoint computed from
 * {@code stage_fact} before its read model (stage counts, three velocity pair queries, four breakdowns). The leads
 * and their facts are generated in PostgreSQL ({@code generate_series}): every lead an MQL in the period, half of
 * them SQLs, a fifth opportunities, a tenth customers, over 8 sources, 20 campaigns and 50 owners; then the
 * service's read model is rebuilt from the facts ({@code kgi_funnel_rebuild}, as the V5 migration does) and the
 * bench waits until the service has computed the business days. They are made once (ids {@code kgi-bench-*}) and
 * kept for later runs.
 *
 * <p>Options: {@code --url http://127.0.0.1:8084 --jdbc jdbc:postgresql://127.0.0.1:5432/tandem_feedback --keys
 * .tandem/keys --leads 1000000 --period 2026-05 --requests 20 --baseline-requests 3 --zone Asia/Tokyo}.
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
        int baselineRequests = options.getInt("baseline-requests", 3);
        String zone = options.get("zone", "Asia/Tokyo");
        try (Connection db = DriverManager.getConnection(jdbc, "feedback", "feedback")) {
            if (generate(db, leads)) {
                rebuild(db, zone);
            }
            awaitDays(db);
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
            Histogram whole = new Histogram(3);
            for (int i = 0; i < baselineRequests + 1; i++) {
                long t = System.nanoTime();
                for (String query : beforeReadModel()) {
                    try (PreparedStatement q = db.prepareStatement(query)) {
                        q.setTimestamp(1, Timestamp.from(PERIOD_START));
                        q.setTimestamp(2, Timestamp.from(PERIOD_START.plusSeconds(PERIOD_SECONDS)));
                        try (ResultSet rows = q.executeQuery()) {
                            while (rows.next()) {
                                rows.getObject(1);
                            }
                        }
                    }
                }
                if (i >= 1) {
                    whole.recordValue(Math.max(1, (System.nanoTime() - t) / 1000));
                }
            }
            System.out.println();
            System.out.printf("%-72s %9s %9s %9s%n", "pass (" + String.format("%,d", leads) + " leads)", "p50 ms",
                    "p95 ms", "max ms");
            for (var row : List.of(new Object[]{"GET /kgi/" + period + " (one at a time, " + requests + ")", api},
                    new Object[]{"baseline: stage counts of the period, one plain SQL query (" + requests + ")", sql},
                    new Object[]{"baseline: the whole aggregate in plain SQL over stage_fact, 8 queries ("
                            + baselineRequests + ")", whole})) {
                Histogram h = (Histogram) row[1];
                System.out.printf("%-72s %9.1f %9.1f %9.1f%n", row[0], h.getValueAtPercentile(50) / 1000.0,
                        h.getValueAtPercentile(95) / 1000.0, h.getMaxValue() / 1000.0);
            }
        }
    }

    /**
     * The SQL {@code GET /kgi} ran over {@code stage_fact} before the read model (without the team filter; the
     * velocity pairs' business days were then computed in Java, not timed here).
     */
    private static List<String> beforeReadModel() {
        List<String> queries = new java.util.ArrayList<>();
        queries.add("SELECT f.stage, count(DISTINCT f.lead_id) FROM stage_fact f LEFT JOIN lead_copy l ON l.id = f.lead_id"
                + " LEFT JOIN rep r ON r.id = l.owner_id WHERE f.at >= ? AND f.at < ? GROUP BY f.stage");
        for (String[] step : List.of(new String[]{"mql", "sql"}, new String[]{"sql", "opportunity"},
                new String[]{"opportunity", "customer"})) {
            queries.add("SELECT a.at, b.at FROM (SELECT lead_id, min(at) at FROM stage_fact WHERE stage = '" + step[0]
                    + "' GROUP BY lead_id) a JOIN (SELECT lead_id, min(at) at FROM stage_fact WHERE stage = '" + step[1]
                    + "' GROUP BY lead_id) b ON a.lead_id = b.lead_id AND b.at >= a.at LEFT JOIN lead_copy l"
                    + " ON l.id = a.lead_id LEFT JOIN rep r ON r.id = l.owner_id WHERE b.at >= ? AND b.at < ?");
        }
        for (String column : List.of("l.source", "l.campaign", "l.owner_id", "r.team_id")) {
            queries.add("SELECT coalesce(" + column + ", '(none)') v,"
                    + " count(DISTINCT f.lead_id) FILTER (WHERE f.stage = 'mql'),"
                    + " count(DISTINCT f.lead_id) FILTER (WHERE f.stage = 'sql'),"
                    + " count(DISTINCT f.lead_id) FILTER (WHERE f.stage = 'opportunity')"
                    + " FROM stage_fact f LEFT JOIN lead_copy l ON l.id = f.lead_id LEFT JOIN rep r ON r.id = l.owner_id"
                    + " WHERE f.at >= ? AND f.at < ? GROUP BY v ORDER BY v");
        }
        return queries;
    }

    /** The service's read model from the generated facts, as the V5 migration builds it from existing ones. */
    private static void rebuild(Connection db, String zone) throws Exception {
        long start = System.nanoTime();
        try (PreparedStatement s = db.prepareStatement("SELECT kgi_funnel_rebuild(?)")) {
            s.setString(1, zone);
            s.execute();
        }
        try (Statement s = db.createStatement()) {
            s.execute("ANALYZE lead_funnel");
            s.execute("ANALYZE kgi_count");
        }
        System.out.printf("rebuilt the KGI read model from the facts in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** Waits until the service has computed the business days the rebuild left pending. */
    private static void awaitDays(Connection db) throws Exception {
        long start = System.nanoTime();
        long pending;
        do {
            try (Statement s = db.createStatement();
                 ResultSet r = s.executeQuery("SELECT count(*) FROM lead_funnel WHERE days_pending")) {
                r.next();
                pending = r.getLong(1);
            }
            if (pending > 0) {
                System.out.printf("waiting for the service to compute the business days of %,d funnel rows%n", pending);
                Thread.sleep(5000);
            }
        } while (pending > 0);
        System.out.printf("business days all computed (%.1f s waited)%n", (System.nanoTime() - start) / 1e9);
    }

    /** Generates the leads and facts unless they are there; answers whether it did. */
    private static boolean generate(Connection db, int leads) throws Exception {
        long have;
        try (Statement s = db.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM lead_copy WHERE id LIKE 'kgi-bench-%'")) {
            r.next();
            have = r.getLong(1);
        }
        if (have >= leads) {
            System.out.printf("%,d generated leads already there%n", have);
            return false;
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
        return true;
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
