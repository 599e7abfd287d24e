package dev.tandem.bench.nurture;

import dev.tandem.testing.NurtureBacklog;
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

    /** Pre-rendered multipart messages over {@code connections} Jakarta Mail connections; messages per second. */
    static double plainClient(int count, int connections, int port) throws Exception {
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
        try (Connection c = DriverManager.getConnection(jdbc, "nurture", "nurture")) {
            UUID campaign = NurtureBacklog.oneEmailCampaign(c, "bench",
                    NurtureBacklog.template(c, "bench", "新製品ウェビナーのご案内"));
            String run = UUID.randomUUID().toString().substring(0, 8);
            NurtureBacklog.enrol(c, campaign, "one", "nurture-" + run + "-", "bench.example", count, Instant.now());
            long start = System.nanoTime();
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
