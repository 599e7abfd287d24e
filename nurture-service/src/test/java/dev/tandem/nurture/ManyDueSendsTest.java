package dev.tandem.nurture;

import dev.tandem.testing.NurtureBacklog;
import dev.tandem.testing.SmtpResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A backlog of due sends, stored at once as the benchmark stores them: every recipient gets exactly one message,
 * and the backlog drains at a rate well above one send per worker-second; the claim's partial index is usable and
 * the database itself refuses a second open enrolment of a lead in a campaign.
 */
@QuarkusTest
class ManyDueSendsTest {

    private static final int COUNT = 1500;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aBacklogOfDueSendsDrainsWithEachRecipientMailedOnce() throws Exception {
        String template = Fixtures.japaneseTemplate("backlog", "https://example.com/backlog");
        String campaignId = Fixtures.activeCampaign("""
                {"name": "backlog", "trigger": {"type": "api"}, "window": %s,
                 "steps": [{"id": "one", "type": "email", "templateId": "%s"}]}""".formatted(Fixtures.allWeek(), template));
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = dataSource.getConnection()) {
            NurtureBacklog.enrol(c, UUID.fromString(campaignId), "one", "backlog-" + run + "-", "example.com", COUNT,
                    Instant.now());
        }
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> sent(campaignId) == COUNT);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("backlog of %d due sends handed to SMTP in %.1f s (%.0f/s)%n", COUNT, seconds, COUNT / seconds);

        String prefix = "backlog-" + run + "-";
        await().atMost(Duration.ofSeconds(30)).until(() -> SmtpResource.received().stream()
                .filter(m -> NurtureFlowTest.recipient(m).startsWith(prefix)).count() >= COUNT);
        Map<String, Integer> perRecipient = new HashMap<>();
        for (MimeMessage m : SmtpResource.received()) {
            String to = NurtureFlowTest.recipient(m);
            if (to.startsWith(prefix)) {
                perRecipient.merge(to, 1, Integer::sum);
            }
        }
        assertEquals(COUNT, perRecipient.size());
        assertTrue(perRecipient.values().stream().allMatch(n -> n == 1), "a recipient got two messages");
        // Four sender threads in tests: well above one send per worker-second even on a loaded shared host.
        assertTrue(COUNT / seconds > 8, "drained at " + COUNT / seconds + "/s");
    }

    @Test
    void theClaimReadsThePartialIndexAndTheDatabaseAllowsOneOpenEnrolmentPerLeadAndCampaign() throws Exception {
        try (Connection c = dataSource.getConnection(); var statement = c.createStatement()) {
            c.setAutoCommit(false);
            // Whether the planner may use the index at all, whatever it prefers for a small table.
            statement.execute("set local enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (ResultSet r = statement.executeQuery("explain select * from enrollment where state = 'ACTIVE'"
                    + " and next_action_at <= now() order by next_action_at limit 1 for update skip locked")) {
                while (r.next()) {
                    plan.append(r.getString(1)).append('\n');
                }
            }
            assertTrue(plan.toString().contains("enrollment_due"), plan.toString());
            c.rollback();
        }
        String campaignId = Fixtures.activeCampaign("""
                {"name": "one open", "trigger": {"type": "api"}, "window": %s,
                 "steps": [{"id": "w", "type": "wait", "duration": "P1D"}]}""".formatted(Fixtures.allWeek()));
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "insert into enrollment (id, campaign_id, lead_id, state, step_id, step_started_at, next_action_at,"
                        + " attempts, started_at, version) values (?, ?, 'one-open-lead', ?, 'w', ?, ?, 0, ?, 0)")) {
            for (String state : List.of("COMPLETED", "ACTIVE")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, UUID.fromString(campaignId));
                insert.setString(3, state);
                insert.setTimestamp(4, now);
                // Not due: a sender finishing the wait would complete the ACTIVE row before the PAUSED insert.
                insert.setTimestamp(5, Timestamp.from(Instant.now().plus(Duration.ofDays(1))));
                insert.setTimestamp(6, now);
                insert.executeUpdate();
            }
            insert.setObject(1, UUID.randomUUID());
            insert.setString(3, "PAUSED");
            java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    insert::executeUpdate);
            assertEquals("23505", refused.getSQLState(), "unique violation on enrollment_one_open");
        }
    }

    private long sent(String campaignId) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from send_log where campaign_id = ?")) {
            s.setObject(1, UUID.fromString(campaignId));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
