package dev.tandem.bench.nurture;

import dev.tandem.testing.NurtureBacklog;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-click unsubscribe while a running nurture-service (./tandem up) works through a backlog: {@code count} leads
 * due now in a campaign "first email → wait 15 s → second email". Once the first emails flow, {@code clicks} of their
 * recipients are read from the devstack's IMAP side (List-Unsubscribe header) and one-click POSTed from 8 threads
 * during the sending. Reports the POST latency (the answer comes after the suppression committed) and how many
 * clicked leads got a message claimed after their click (must be 0).
 *
 * <p>Args: [count=5000] [clicks=200] [jdbcUrl=jdbc:postgresql://127.0.0.1:5432/tandem_nurture] [imapPort=3143]
 */
public final class NurtureUnsubscribeBench {

    private static final Pattern HTTPS_UNSUBSCRIBE = Pattern.compile("<(https?://[^>]+/t/u/[^>]+)>");

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int clicks = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String jdbc = args.length > 2 ? args[2] : "jdbc:postgresql://127.0.0.1:5432/tandem_nurture";
        int imapPort = args.length > 3 ? Integer.parseInt(args[3]) : 3143;
        String run = UUID.randomUUID().toString().substring(0, 8);

        try (Connection c = DriverManager.getConnection(jdbc, "nurture", "nurture")) {
            UUID campaign = store(c, run, count);
            long start = System.nanoTime();
            awaitFirstSends(c, campaign, clicks * 2L);

            Map<String, String> urls = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> reads = new ArrayList<>();
            for (int i = 0; i < clicks * 2 && urls.size() < clicks; i++) {
                String leadId = "unsub-" + run + "-" + i;
                reads.add(pool.submit(() -> {
                    String url = unsubscribeUrl(leadId + "@bench.example", imapPort);
                    if (url != null) {
                        urls.put(leadId, url);
                    }
                    return null;
                }));
            }
            for (Future<?> f : reads) {
                f.get();
            }
            List<Map.Entry<String, String>> chosen = new ArrayList<>(urls.entrySet()).subList(0, Math.min(clicks, urls.size()));
            long sentBefore = sent(c, campaign);

            HttpClient http = HttpClient.newHttpClient();
            Histogram latency = new Histogram(60_000_000L, 3);
            Map<String, Instant> clickedAt = new ConcurrentHashMap<>();
            List<Future<?>> posts = new ArrayList<>();
            for (Map.Entry<String, String> entry : chosen) {
                posts.add(pool.submit(() -> {
                    HttpRequest post = HttpRequest.newBuilder(URI.create(entry.getValue()))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build();
                    Instant at = Instant.now();
                    long t0 = System.nanoTime();
                    HttpResponse<Void> answer = http.send(post, HttpResponse.BodyHandlers.discarding());
                    latency.recordValue((System.nanoTime() - t0) / 1000);
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException("one-click POST answered " + answer.statusCode());
                    }
                    clickedAt.put(entry.getKey(), at);
                    return null;
                }));
            }
            for (Future<?> f : posts) {
                f.get();
            }
            long sentAfterClicks = sent(c, campaign);
            pool.shutdown();

            // Everything still due (second emails after the 15 s wait) is sent or exited before counting.
            awaitDrained(c, campaign);
            double seconds = (System.nanoTime() - start) / 1e9;
            int claimedAfter = 0;
            int sentBeforeClick = 0;
            try (PreparedStatement s = c.prepareStatement("select sent_at from send_log where campaign_id = ?"
                    + " and lead_id = ? and step_id = 'two'")) {
                for (Map.Entry<String, Instant> click : clickedAt.entrySet()) {
                    s.setObject(1, campaign);
                    s.setString(2, click.getKey());
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            if (r.getTimestamp(1).toInstant().isAfter(click.getValue())) {
                                claimedAfter++;
                            } else {
                                sentBeforeClick++;
                            }
                        }
                    }
                }
            }
            System.out.printf("%d one-click unsubscribes while sending (%d → %d of %d sends done during the clicks):"
                            + " POST until suppressed p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", clickedAt.size(),
                    sentBefore, sentAfterClicks, count * 2, latency.getValueAtPercentile(50) / 1000.0,
                    latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0);
            System.out.printf("second emails claimed after the click: %d (second emails sent before the click: %d);"
                    + " whole run %.1f s, %d sends%n", claimedAfter, sentBeforeClick, seconds, sent(c, campaign));
        }
    }

    private static UUID store(Connection c, String run, int count) throws Exception {
        UUID first = NurtureBacklog.template(c, "unsubscribe bench 一通目", "一通目");
        UUID second = NurtureBacklog.template(c, "unsubscribe bench 二通目", "二通目");
        UUID campaign = NurtureBacklog.campaign(c, "unsubscribe bench",
                "[{\"type\":\"email\",\"id\":\"one\",\"templateId\":\"" + first + "\",\"next\":\"pause\"},"
                + "{\"type\":\"wait\",\"id\":\"pause\",\"duration\":\"PT15S\",\"next\":\"two\"},"
                + "{\"type\":\"email\",\"id\":\"two\",\"templateId\":\"" + second + "\"}]");
        NurtureBacklog.enrol(c, campaign, "one", "unsub-" + run + "-", "bench.example", count, Instant.now());
        return campaign;
    }

    private static long sent(Connection c, UUID campaign) throws Exception {
        try (PreparedStatement s = c.prepareStatement("select count(*) from send_log where campaign_id = ?")) {
            s.setObject(1, campaign);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void awaitFirstSends(Connection c, UUID campaign, long n) throws Exception {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (sent(c, campaign) < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("fewer than " + n + " first emails within 300 s");
            }
            Thread.sleep(100);
        }
    }

    private static void awaitDrained(Connection c, UUID campaign) throws Exception {
        long deadline = System.nanoTime() + 600_000_000_000L;
        try (PreparedStatement s = c.prepareStatement("select count(*) from enrollment where campaign_id = ?"
                + " and state = 'ACTIVE'")) {
            s.setObject(1, campaign);
            while (true) {
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    if (r.getLong(1) == 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("enrolments still active after 600 s");
                }
                Thread.sleep(200);
            }
        }
    }

    /** The https List-Unsubscribe target of the first email in the recipient's devstack mailbox, or null. */
    private static String unsubscribeUrl(String address, int imapPort) throws Exception {
        Properties props = new Properties();
        props.put("mail.imap.host", "127.0.0.1");
        props.put("mail.imap.port", String.valueOf(imapPort));
        Store store = Session.getInstance(props).getStore("imap");
        try {
            // The devstack's GreenMail makes each recipient a user whose login and password are the address.
            store.connect(address, address);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                for (Message message : inbox.getMessages()) {
                    String[] header = message.getHeader("List-Unsubscribe");
                    if (header != null && message.getSubject().contains("一通目")) {
                        Matcher url = HTTPS_UNSUBSCRIBE.matcher(header[0]);
                        if (url.find()) {
                            return url.group(1);
                        }
                    }
                }
                return null;
            } finally {
                inbox.close(false);
            }
        } catch (jakarta.mail.AuthenticationFailedException notYetDelivered) {
            return null;
        } finally {
            store.close();
        }
    }
}
