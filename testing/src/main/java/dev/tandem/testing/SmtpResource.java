package dev.tandem.testing;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Gives a Quarkus test a real SMTP server (GreenMail) on a free port and points Quarkus Mailer at it (not mocked).
 * Every recipient is accepted; {@link #received()} lists what arrived. One server per JVM: a test starts by
 * {@link #clear()}ing it when it counts messages.
 */
public class SmtpResource implements QuarkusTestResourceLifecycleManager {

    private static GreenMail server;

    @Override
    public Map<String, String> start() {
        GreenMail mail = server();
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(mail.getSmtp().getPort()),
                "quarkus.mailer.start-tls", "DISABLED",
                "quarkus.mailer.tls", "false");
    }

    @Override
    public void stop() {
        // The server outlives one test profile; it stops with the JVM.
    }

    /** Messages received so far, oldest first. */
    public static List<MimeMessage> received() {
        return Arrays.asList(server().getReceivedMessages());
    }

    /** Waits until at least {@code count} messages arrived in total and returns them; fails after the timeout. */
    public static List<MimeMessage> awaitReceived(int count, Duration timeout) {
        if (!server().waitForIncomingEmail(timeout.toMillis(), count)) {
            throw new AssertionError("expected " + count + " messages within " + timeout + ", got " + received().size());
        }
        return received();
    }

    /** Deletes every received message. */
    public static void clear() {
        try {
            server().purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("could not empty the SMTP server's mailboxes", e);
        }
    }

    /** The SMTP port, for a test that talks to the server itself. */
    public static int port() {
        return server().getSmtp().getPort();
    }

    private static synchronized GreenMail server() {
        if (server == null) {
            server = new GreenMail(new ServerSetup(FreePort.find(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "tandem-smtp-stop"));
        }
        return server;
    }
}
