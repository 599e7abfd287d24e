package dev.tandem.bench.nurture;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SMTP clients alone, no database: plain Jakarta Mail over N connections against the Vert.x mail client that
 * Quarkus Mailer wraps (pool of N, keep-alive, configured as Quarkus configures it) driven by blocking sender threads
 * as nurture-service drives it, with pipelining on and off, a larger pool, and fewer threads than connections.
 * Shows which part of a nurture send is the mail client's own.
 *
 * <p>Args: [count=3000] [connections=8] [senderThreads=16] [smtpPort=0: an in-process GreenMail sink]
 */
public final class SmtpClientBench {

    private static final String SUBJECT = "山田様、新製品ウェビナーのご案内";
    private static final String TEXT = "株式会社ベンチ 山田様\n詳細: http://127.0.0.1:8083/t/c/x/y?u=https%3A%2F%2Fexample.com\n";
    private static final String HTML = "<p>株式会社ベンチ 山田様</p><p><a href=\"http://127.0.0.1:8083/t/c/x/y?u=https%3A%2F%2Fexample.com\">詳細</a></p>";

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        int port = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        GreenMail sink = null;
        if (port == 0) {
            sink = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            sink.start();
            port = sink.getSmtp().getPort();
        }
        Vertx vertx = Vertx.vertx();
        try {
            // Warm both paths (JIT, connections) before measuring.
            NurtureSendBench.plainClient(500, connections, port);
            vertxMail(vertx, 500, connections, threads, port, true);
            double plain = NurtureSendBench.plainClient(count, connections, port);
            System.out.printf("plain Jakarta Mail, %d connections: %.0f/s (%.1f ms per message per connection)%n",
                    connections, plain, 1000.0 * connections / plain);
            report("Vert.x mail, pipelining on", vertxMail(vertx, count, connections, threads, port, true),
                    connections, threads, plain);
            report("Vert.x mail, pipelining off", vertxMail(vertx, count, connections, threads, port, false),
                    connections, threads, plain);
            report("Vert.x mail, pool x2", vertxMail(vertx, count, connections * 2, threads, port, true),
                    connections * 2, threads, plain);
            report("Vert.x mail, one thread per connection", vertxMail(vertx, count, connections, connections, port, true),
                    connections, connections, plain);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (sink != null) {
                sink.stop();
            }
        }
    }

    private static void report(String what, double rate, int pool, int threads, double plain) {
        System.out.printf("%s (pool %d, %d sender threads): %.0f/s (%.1f ms per message per connection, %.0f%% of plain)%n",
                what, pool, threads, rate, 1000.0 * pool / rate, 100 * rate / plain);
    }

    private static double vertxMail(Vertx vertx, int count, int pool, int threads, int port, boolean pipelining)
            throws Exception {
        MailConfig config = new MailConfig().setHostname("127.0.0.1").setPort(port).setStarttls(StartTLSOptions.DISABLED)
                .setMaxPoolSize(pool).setKeepAlive(true).setPipelining(pipelining).setMultiPartOnly(false);
        MailClient client = MailClient.create(vertx, config);
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(senders.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    MailMessage m = new MailMessage().setFrom("nurture@tandem.local").setTo("vertx-" + i + "@bench.example")
                            .setSubject(SUBJECT).setText(TEXT).setHtml(HTML);
                    m.addHeader("List-Unsubscribe", "<http://127.0.0.1:8083/t/u/x/y>");
                    m.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
                    // Blocking, as Quarkus's Mailer is for a sender thread.
                    client.sendMail(m).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        senders.shutdown();
        client.close();
        return count / seconds;
    }
}
