package dev.tandem.bench.nurture;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 10,000 enrolments with an email step due now, sent by a running nurture-service (./tandem up) to the devstack's
 * SMTP sink, against a plain Jakarta Mail client sending the same number of pre-rendered multipart messages to the
 * same sink over the same number of connections, in the same run.
 *
 * <p>Args: [count=10000] [connections=8] [jdbcUrl=jdbc:postgresql://127.0.0.1:5432/tandem_nurture] [smtpPort=2525]
 */
public final class NurtureSendBench {

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        String jdbc = args.length > 2 ? args[2] : "jdbc:postgresql://127.0.0.1:5432/tandem_nurture";
        int smtpPort = args.length > 3 ? Integer.parseInt(args[3]) : 2525;

        double baseline = plainClient(count, connections, smtpPort);
        System.out.printf("plain Jakarta Mail, %d connections: %d messages at %.0f/s%n", connections, count, baseline);
        double[] nurture = nurtureService(count, jdbc);
        System.out.printf("nurture-service: %d due sends handed over in %.1f s, %.0f/s (%.0f%% of the plain client)%n",
                count, nurture[0], nurture[1], 100 * nurture[1] / baseline);
    }

    private static double plainClient(int count, int connections, int port) throws Exception {
        Properties props = new Properties();
        props.put("mail.smtp.host", "127.0.0.1");
        props.put("mail.smtp.port", String.valueOf(port));
        Session session = Session.getInstance(props);
        List<MimeMessage> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress("nurture@tandem.local"));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress("plain-" + i + "@bench.example"));
            message.setSubject("山田様、新製品ウェビナーのご案内", "UTF-8");
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText("株式会社ベンチ 山田様\n詳細: http://127.0.0.1:8083/t/c/x/y?u=https%3A%2F%2Fexample.com\n", "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setContent("<p>株式会社ベンチ 山田様</p><p><a href=\"http://127.0.0.1:8083/t/c/x/y?u=https%3A%2F%2Fexample.com\">詳細</a></p>",
                    "text/html; charset=UTF-8");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
            message.setContent(alternative);
            message.setHeader("List-Unsubscribe", "<http://127.0.0.1:8083/t/u/x/y>");
            message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            message.saveChanges();
            messages.add(message);
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            done.add(pool.submit(() -> {
                try (Transport transport = session.getTransport("smtp")) {
                    transport.connect();
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        MimeMessage m = messages.get(i);
                        transport.sendMessage(m, m.getAllRecipients());
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
        return count / seconds;
    }

    private static double[] nurtureService(int count, String jdbc) throws Exception {
        UUID template = UUID.randomUUID();
        UUID campaign = UUID.randomUUID();
        String locales = "{\"ja\":{\"subject\":\"{lead.lastName}様、新製品ウェビナーのご案内\","
                + "\"html\":\"<p>{lead.company} {lead.lastName}様</p><p><a href=\\\"https://example.com/\\\">詳細</a></p>"
                + "<p><a href=\\\"{unsubscribeUrl}\\\">配信停止</a></p>\","
                + "\"text\":\"{lead.company} {lead.lastName}様\\n詳細: https://example.com/\\n配信停止: {unsubscribeUrl}\"}}";
        String week = "{\"MONDAY\":[\"00:00-00:00\"],\"TUESDAY\":[\"00:00-00:00\"],\"WEDNESDAY\":[\"00:00-00:00\"],"
                + "\"THURSDAY\":[\"00:00-00:00\"],\"FRIDAY\":[\"00:00-00:00\"],\"SATURDAY\":[\"00:00-00:00\"],\"SUNDAY\":[\"00:00-00:00\"]}";
        String definition = "{\"name\":\"bench\",\"trigger\":{\"type\":\"api\"},\"window\":" + week
                + ",\"steps\":[{\"type\":\"email\",\"id\":\"one\",\"templateId\":\"" + template + "\"}]}";
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = DriverManager.getConnection(jdbc, "nurture", "nurture")) {
            c.setAutoCommit(false);
            try (PreparedStatement t = c.prepareStatement("insert into template (id, name, default_locale, locales, version,"
                    + " created_at, updated_at) values (?, 'bench', 'ja', ?, 0, ?, ?)")) {
                t.setObject(1, template);
                t.setString(2, locales);
                t.setTimestamp(3, now);
                t.setTimestamp(4, now);
                t.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("insert into campaign (id, name, state, definition, version,"
                    + " created_at, updated_at) values (?, 'bench', 'ACTIVE', ?, 0, ?, ?)")) {
                p.setObject(1, campaign);
                p.setString(2, definition);
                p.setTimestamp(3, now);
                p.setTimestamp(4, now);
                p.executeUpdate();
            }
            String run = UUID.randomUUID().toString().substring(0, 8);
            try (PreparedStatement lead = c.prepareStatement("insert into lead_contact (lead_id, email, first_name, last_name,"
                    + " company, country, timezone, locale, email_consent, stage, updated_at)"
                    + " values (?, ?, '太郎', '山田', '株式会社ベンチ', 'US', 'UTC', 'ja-JP', true, 'lead', ?)");
                 PreparedStatement enrollment = c.prepareStatement("insert into enrollment (id, campaign_id, lead_id, state,"
                         + " step_id, step_started_at, next_action_at, attempts, started_at, version)"
                         + " values (?, ?, ?, 'ACTIVE', 'one', ?, ?, 0, ?, 0)")) {
                for (int i = 0; i < count; i++) {
                    String leadId = "bench-" + run + "-" + i;
                    lead.setString(1, leadId);
                    lead.setString(2, "nurture-" + run + "-" + i + "@bench.example");
                    lead.setTimestamp(3, now);
                    lead.addBatch();
                    enrollment.setObject(1, UUID.randomUUID());
                    enrollment.setObject(2, campaign);
                    enrollment.setString(3, leadId);
                    enrollment.setTimestamp(4, now);
                    enrollment.setTimestamp(5, now);
                    enrollment.setTimestamp(6, now);
                    enrollment.addBatch();
                    if (i % 1000 == 999) {
                        lead.executeBatch();
                        enrollment.executeBatch();
                    }
                }
                lead.executeBatch();
                enrollment.executeBatch();
            }
            c.commit();
            long start = System.nanoTime();
            c.setAutoCommit(true);
            try (PreparedStatement sent = c.prepareStatement("select count(*) from send_log where campaign_id = ?")) {
                sent.setObject(1, campaign);
                while (true) {
                    try (ResultSet rs = sent.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) >= count) {
                            break;
                        }
                    }
                    if ((System.nanoTime() - start) / 1e9 > 600) {
                        throw new IllegalStateException("not all sent within 600 s");
                    }
                    Thread.sleep(100);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new double[] {seconds, count / seconds};
        }
    }
}
