package dev.tandem.bench.nurture;

import dev.tandem.testing.FreePort;
import dev.tandem.testing.NurtureBacklog;
import dev.tandem.testing.PostgresServer;
import dev.tandem.testing.TempFolders;
import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The claim alone, on nurture-service's schema (its Flyway migrations) in a PostgreSQL of its own: the senders'
 * {@code … for update skip locked} claim plus the row update that ends a send, from N threads, with a backlog of due
 * sends stored, then again after 1,000,000 future sends are added. Prints each rate and the claim's plan.
 *
 * <p>Args: [due=10000] [future=1000000] [claims=5000] [threads=4]
 */
public final class NurtureClaimBench {

    private static final String CLAIM = "select id from enrollment where state = 'ACTIVE' and next_action_at <= now()"
            + " order by next_action_at limit 1 for update skip locked";

    public static void main(String[] args) throws Exception {
        int due = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int future = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int claims = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        Path dir = Files.createTempDirectory("nurture-claim-bench");
        try (PostgresServer server = PostgresServer.start(dir.resolve("data"), FreePort.find(), false, dir.resolve("pg.log"))) {
            server.ensureDatabase("tandem_nurture", "nurture", "nurture");
            String url = server.jdbcUrl("tandem_nurture");
            // bench/run is started from the repository root; the schema is nurture-service's own migrations.
            Path migrations = Path.of("nurture-service/src/main/resources/db/migration").toAbsolutePath();
            if (!Files.isDirectory(migrations)) {
                throw new IllegalStateException("run from the repository root: no " + migrations);
            }
            Flyway.configure().dataSource(url, "nurture", "nurture").locations("filesystem:" + migrations).load().migrate();
            try (Connection c = DriverManager.getConnection(url, "nurture", "nurture")) {
                UUID campaign = NurtureBacklog.oneEmailCampaign(c, "claim bench", NurtureBacklog.template(c, "claim bench", "ご案内"));
                NurtureBacklog.enrol(c, campaign, "one", "due-a-", "bench.example", due, Instant.now());
                analyze(c);
                double small = claimRate(url, claims, threads);
                System.out.printf("%,d due + 0 future stored: %d claims at %.0f/s%n", due, claims, small);
                System.out.println(plan(c));

                NurtureBacklog.enrol(c, campaign, "one", "future-", "bench.example", future, Instant.now().plus(Duration.ofDays(30)));
                NurtureBacklog.enrol(c, campaign, "one", "due-b-", "bench.example", claims, Instant.now());
                analyze(c);
                double large = claimRate(url, claims, threads);
                System.out.printf("%,d due + %,d future stored: %d claims at %.0f/s (%.0f%% of the rate without them)%n",
                        due, future, claims, large, 100 * large / small);
                System.out.println(plan(c));
            }
        } finally {
            TempFolders.delete(dir);
        }
    }

    private static void analyze(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("analyze enrollment");
        }
    }

    private static String plan(Connection c) throws Exception {
        StringBuilder plan = new StringBuilder();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("explain (analyze, buffers) " + CLAIM)) {
            while (r.next()) {
                plan.append("  ").append(r.getString(1)).append('\n');
            }
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
        return plan.toString();
    }

    /** Claims and completes {@code claims} due enrolments, one per transaction as the senders do; claims per second. */
    private static double claimRate(String url, int claims, int threads) throws Exception {
        AtomicInteger left = new AtomicInteger(claims);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(url, "nurture", "nurture");
                     PreparedStatement claim = c.prepareStatement(CLAIM);
                     PreparedStatement finish = c.prepareStatement("update enrollment set state = 'COMPLETED',"
                             + " next_action_at = null where id = ?")) {
                    c.setAutoCommit(false);
                    while (left.getAndDecrement() > 0) {
                        try (ResultSet r = claim.executeQuery()) {
                            if (!r.next()) {
                                throw new IllegalStateException("ran out of due enrolments");
                            }
                            finish.setObject(1, r.getObject(1));
                        }
                        finish.executeUpdate();
                        c.commit();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return claims / seconds;
    }
}
