package dev.tandem.nurture;

import dev.tandem.events.EmailSent;
import dev.tandem.events.Topics;
import dev.tandem.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With a DKIM key configured (one generated for the test), campaign mail is signed over the RFC 8058 headers. */
@QuarkusTest
@TestProfile(DkimTest.WithKey.class)
class DkimTest {

    public static class WithKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                String pkcs8 = Base64.getEncoder().encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
                return Map.of("quarkus.mailer.dkim.enabled", "true",
                        "quarkus.mailer.dkim.private-key", pkcs8,
                        "quarkus.mailer.dkim.selector", "tandem2026",
                        "quarkus.mailer.dkim.sdid", "tandem.local",
                        "quarkus.mailer.dkim.auid", "@tandem.local");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void campaignMailCarriesADkimSignatureCoveringTheUnsubscribeHeaders() throws Exception {
        String template = Fixtures.japaneseTemplate("dkim", "https://example.com/dkim");
        Fixtures.activeCampaign(Fixtures.oneEmailCampaign("dkim", template, "dkim"));
        try (TopicProbe nurture = TopicProbe.fromNow(Topics.NURTURE_EVENTS)) {
            String leadId = Fixtures.lead("signed@example.com", "dkim", null);
            nurture.awaitEvent(EmailSent.class, e -> e.leadId().equals(leadId), Duration.ofSeconds(20));
        }
        MimeMessage message = NurtureFlowTest.to("signed@example.com");
        String[] signatures = message.getHeader("DKIM-Signature");
        assertTrue(signatures != null && signatures.length == 1, "one DKIM-Signature header");
        Map<String, String> tags = tags(signatures[0]);
        assertEquals("tandem.local", tags.get("d"));
        assertEquals("tandem2026", tags.get("s"));
        List<String> signed = Arrays.stream(tags.get("h").split(":")).map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        assertTrue(signed.containsAll(List.of("from", "subject", "message-id", "list-unsubscribe", "list-unsubscribe-post")),
                "signed headers: " + signed);
        assertTrue(tags.get("b").length() > 300, "an RSA-2048 signature");
        assertEquals("山田様、新製品ウェビナーのご案内", message.getSubject());
    }

    private static Map<String, String> tags(String header) {
        Map<String, String> tags = new java.util.HashMap<>();
        for (String part : header.replaceAll("\\s+", "").split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                tags.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return tags;
    }
}
