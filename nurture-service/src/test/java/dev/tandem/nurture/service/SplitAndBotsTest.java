package dev.tandem.nurture.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitAndBotsTest {

    @Test
    void randomSplitBucketsAreUniformAndStable() {
        int[] counts = new int[100];
        for (int i = 0; i < 20_000; i++) {
            counts[SendEngine.bucket(UUID.randomUUID(), "split")]++;
        }
        int underTwenty = 0;
        for (int i = 0; i < 20; i++) {
            underTwenty += counts[i];
        }
        // 20/80 split over 20,000 enrolments: 4,000 expected, ±3.5 standard deviations (~200).
        assertTrue(Math.abs(underTwenty - 4000) < 200, "20% bucket got " + underTwenty);
        int firstHalf = 0;
        for (int i = 0; i < 50; i++) {
            firstHalf += counts[i];
        }
        assertTrue(Math.abs(firstHalf - 10_000) < 250, "50% bucket got " + firstHalf);
        UUID id = UUID.randomUUID();
        assertEquals(SendEngine.bucket(id, "b1"), SendEngine.bucket(id, "b1"));
    }

    @Test
    void aScannerClickBurstIsABotAndAPersonIsNot() {
        String safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148";
        double person = BotSignals.confidence(new BotSignals.Request("click", "GET", safari, Duration.ofMinutes(42), 0, 3));
        assertTrue(person < BotSignals.HUMAN_BELOW, "person: " + person);
        // A security gateway fetches every link of the message one second after delivery.
        double burstLast = BotSignals.confidence(new BotSignals.Request("click", "GET", safari, Duration.ofSeconds(1), 2, 3));
        assertTrue(burstLast > 0.95, "burst: " + burstLast);
        double scanner = BotSignals.confidence(new BotSignals.Request("click", "HEAD", "Barracuda Sentinel (EE)",
                Duration.ofMinutes(5), 0, 3));
        assertTrue(scanner > 0.95, "scanner: " + scanner);
        double appleProxy = BotSignals.confidence(new BotSignals.Request("open", "GET", "Mozilla/5.0", Duration.ofMinutes(3), 0, 0));
        assertTrue(appleProxy >= 0.7, "Apple privacy open: " + appleProxy);
        double gmailProxy = BotSignals.confidence(new BotSignals.Request("open", "GET",
                "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)", Duration.ofHours(2), 0, 0));
        assertTrue(gmailProxy >= 0.5 && gmailProxy < 0.95, "image proxy: " + gmailProxy);
        assertTrue(BotSignals.confidence(new BotSignals.Request("click", "GET", null, Duration.ofHours(1), 0, 1)) > 0.5);
    }

    @Test
    void smtpRepliesAreClassifiedByCode() {
        assertTrue(dev.tandem.nurture.sending.SmtpFailure.classify(new RuntimeException("550 5.1.1 user unknown")).permanent());
        assertTrue(!dev.tandem.nurture.sending.SmtpFailure.classify(new RuntimeException("451 4.7.1 try later")).permanent());
        assertTrue(!dev.tandem.nurture.sending.SmtpFailure.classify(new RuntimeException("Connection refused")).permanent());
    }
}
