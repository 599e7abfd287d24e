package dev.tandem.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Stores a backlog of nurture sends straight into nurture-service's tables (templates, an active campaign, leads
 * and enrolments on a step), as tests and benchmarks need thousands at once and the API would enrol one at a time.
 * Plain JDBC over the caller's connection, so it serves a running service's database as well as a test's own.
 */
public final class NurtureBacklog {

    /** Batch size of the lead and enrolment inserts: large enough to cut round trips, small enough for memory. */
    private static final int BATCH = 1000;

    private NurtureBacklog() {
    }

    /** Every day open all day: nothing waits for a window. */
    public static String allWeek() {
        return "{\"MONDAY\":[\"00:00-00:00\"],\"TUESDAY\":[\"00:00-00:00\"],\"WEDNESDAY\":[\"00:00-00:00\"],"
                + "\"THURSDAY\":[\"00:00-00:00\"],\"FRIDAY\":[\"00:00-00:00\"],\"SATURDAY\":[\"00:00-00:00\"],"
                + "\"SUNDAY\":[\"00:00-00:00\"]}";
    }

    /**
     * A Japanese template whose subject is {@code {lead.lastName}様、<subject>}, with one link and the unsubscribe
     * link in both parts; returns its id. Commits when the connection auto-commits, else joins its transaction.
     */
    public static UUID template(Connection c, String name, String subject) throws SQLException {
        UUID id = UUID.randomUUID();
        String locales = "{\"ja\":{\"subject\":\"{lead.lastName}様、" + subject + "\","
                + "\"html\":\"<p>{lead.company} {lead.lastName}様</p><p><a href=\\\"https://example.com/\\\">詳細</a></p>"
                + "<p><a href=\\\"{unsubscribeUrl}\\\">配信停止</a></p>\","
                + "\"text\":\"{lead.company} {lead.lastName}様\\n詳細: https://example.com/\\n配信停止: {unsubscribeUrl}\"}}";
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement t = c.prepareStatement("insert into template (id, name, default_locale, locales, version,"
                + " created_at, updated_at) values (?, ?, 'ja', ?, 0, ?, ?)")) {
            t.setObject(1, id);
            t.setString(2, name);
            t.setString(3, locales);
            t.setTimestamp(4, now);
            t.setTimestamp(5, now);
            t.executeUpdate();
        }
        return id;
    }

    /** An active campaign open all week with the given steps (a JSON array); returns its id. */
    public static UUID campaign(Connection c, String name, String stepsJson) throws SQLException {
        UUID id = UUID.randomUUID();
        String definition = "{\"name\":\"" + name + "\",\"trigger\":{\"type\":\"api\"},\"window\":" + allWeek()
                + ",\"steps\":" + stepsJson + "}";
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement p = c.prepareStatement("insert into campaign (id, name, state, definition, version,"
                + " created_at, updated_at) values (?, ?, 'ACTIVE', ?, 0, ?, ?)")) {
            p.setObject(1, id);
            p.setString(2, name);
            p.setString(3, definition);
            p.setTimestamp(4, now);
            p.setTimestamp(5, now);
            p.executeUpdate();
        }
        return id;
    }

    /** An active campaign with one email step {@code one} on the template; returns its id. */
    public static UUID oneEmailCampaign(Connection c, String name, UUID template) throws SQLException {
        return campaign(c, name, "[{\"type\":\"email\",\"id\":\"one\",\"templateId\":\"" + template + "\"}]");
    }

    /**
     * {@code count} leads {@code <prefix><i>} (address {@code <prefix><i>@<domain>}, consent given, UTC, Japanese
     * names) each enrolled on {@code stepId} with its next action at {@code due}, in one transaction.
     */
    public static void enrol(Connection c, UUID campaign, String stepId, String prefix, String domain, int count,
                             Instant due) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp at = Timestamp.from(due);
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement lead = c.prepareStatement("insert into lead_contact (lead_id, email, first_name, last_name,"
                + " company, country, timezone, locale, email_consent, stage, updated_at)"
                + " values (?, ?, '太郎', '山田', '株式会社テスト', 'US', 'UTC', 'ja-JP', true, 'lead', ?)");
             PreparedStatement enrollment = c.prepareStatement("insert into enrollment (id, campaign_id, lead_id, state,"
                     + " step_id, step_started_at, next_action_at, attempts, started_at, version)"
                     + " values (?, ?, ?, 'ACTIVE', ?, ?, ?, 0, ?, 0)")) {
            for (int i = 0; i < count; i++) {
                String leadId = prefix + i;
                lead.setString(1, leadId);
                lead.setString(2, leadId + "@" + domain);
                lead.setTimestamp(3, now);
                lead.addBatch();
                enrollment.setObject(1, UUID.randomUUID());
                enrollment.setObject(2, campaign);
                enrollment.setString(3, leadId);
                enrollment.setString(4, stepId);
                enrollment.setTimestamp(5, now);
                enrollment.setTimestamp(6, at);
                enrollment.setTimestamp(7, now);
                enrollment.addBatch();
                if (i % BATCH == BATCH - 1) {
                    lead.executeBatch();
                    enrollment.executeBatch();
                }
            }
            lead.executeBatch();
            enrollment.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
