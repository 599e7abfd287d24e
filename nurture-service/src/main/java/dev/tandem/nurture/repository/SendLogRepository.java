package dev.tandem.nurture.repository;

import dev.tandem.platform.store.SqlColumns;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.tandem.platform.store.SqlColumns.instant;

/** The send log (one row per message handed to SMTP) and the tracking events, in plain SQL. */
@ApplicationScoped
public class SendLogRepository {

    @Inject
    EntityManager em;

    public record SentMessage(UUID id, UUID enrollmentId, String stepId, UUID campaignId, String leadId, String email,
                              String variant, Instant sentAt, int linkCount) {
    }

    /** Records a send; false when (enrollment, step) was already sent — by another replica or an earlier try. */
    public boolean insert(UUID id, UUID enrollmentId, String stepId, UUID campaignId, String leadId, String email,
                          String variant, String subject, int linkCount, Instant sentAt) {
        return em.createNativeQuery("insert into send_log (id, enrollment_id, step_id, campaign_id, lead_id, email,"
                        + " variant, subject, sent_at, link_count) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
                        + " on conflict (enrollment_id, step_id) do nothing")
                .setParameter(1, id).setParameter(2, enrollmentId).setParameter(3, stepId).setParameter(4, campaignId)
                .setParameter(5, leadId).setParameter(6, email).setParameter(7, variant).setParameter(8, subject)
                .setParameter(9, sentAt).setParameter(10, linkCount).executeUpdate() == 1;
    }

    public void delete(UUID id) {
        em.createNativeQuery("delete from send_log where id = ?1").setParameter(1, id).executeUpdate();
    }

    public Optional<SentMessage> find(UUID id) {
        List<?> rows = em.createNativeQuery("select id, enrollment_id, step_id, campaign_id, lead_id, email, variant,"
                + " sent_at, link_count from send_log where id = ?1").setParameter(1, id).getResultList();
        return rows.stream().findFirst().map(r -> toMessage((Object[]) r));
    }

    public Optional<SentMessage> ofStep(UUID enrollmentId, String stepId) {
        List<?> rows = em.createNativeQuery("select id, enrollment_id, step_id, campaign_id, lead_id, email, variant,"
                        + " sent_at, link_count from send_log where enrollment_id = ?1 and step_id = ?2")
                .setParameter(1, enrollmentId).setParameter(2, stepId).getResultList();
        return rows.stream().findFirst().map(r -> toMessage((Object[]) r));
    }

    /** Campaign emails the lead got since {@code since}, oldest first (their times: when the cap frees). */
    @SuppressWarnings("unchecked")
    public List<Instant> sentToLeadSince(String leadId, Instant since) {
        return ((List<Object>) em.createNativeQuery("select sent_at from send_log where lead_id = ?1 and sent_at > ?2"
                        + " order by sent_at").setParameter(1, leadId).setParameter(2, since).getResultList())
                .stream().map(SqlColumns::instant).toList();
    }

    public long sentSince(Instant since) {
        return ((Number) em.createNativeQuery("select count(*) from send_log where sent_at > ?1")
                .setParameter(1, since).getSingleResult()).longValue();
    }

    public void markOpened(UUID id, Instant at, boolean human) {
        em.createNativeQuery("update send_log set first_open_at = coalesce(first_open_at, ?2),"
                        + " first_human_open_at = case when ?3 then coalesce(first_human_open_at, ?2) else first_human_open_at end"
                        + " where id = ?1")
                .setParameter(1, id).setParameter(2, at).setParameter(3, human).executeUpdate();
    }

    public void markClicked(UUID id, Instant at, boolean human) {
        em.createNativeQuery("update send_log set first_click_at = coalesce(first_click_at, ?2),"
                        + " first_human_click_at = case when ?3 then coalesce(first_human_click_at, ?2) else first_human_click_at end,"
                        + " first_open_at = coalesce(first_open_at, ?2),"
                        + " first_human_open_at = case when ?3 then coalesce(first_human_open_at, ?2) else first_human_open_at end"
                        + " where id = ?1")
                .setParameter(1, id).setParameter(2, at).setParameter(3, human).executeUpdate();
    }

    public void markBounced(UUID id, String type) {
        em.createNativeQuery("update send_log set bounce_type = ?2 where id = ?1").setParameter(1, id)
                .setParameter(2, type).executeUpdate();
    }

    public void markComplained(UUID id) {
        em.createNativeQuery("update send_log set complained = true where id = ?1").setParameter(1, id).executeUpdate();
    }

    public void markUnsubscribed(UUID id) {
        em.createNativeQuery("update send_log set unsubscribed = true where id = ?1").setParameter(1, id).executeUpdate();
    }

    public void addTracking(UUID messageId, String kind, String url, Instant at, String userAgent, double botConfidence) {
        em.createNativeQuery("insert into tracking_event (message_id, kind, url, at, user_agent, bot_confidence)"
                        + " values (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, messageId).setParameter(2, kind).setParameter(3, url).setParameter(4, at)
                .setParameter(5, userAgent).setParameter(6, botConfidence).executeUpdate();
    }

    /** Distinct other links of the message clicked in the 10 s before {@code at}. */
    public int otherLinksClickedWithin(UUID messageId, String url, Instant at) {
        return ((Number) em.createNativeQuery("select count(distinct url) from tracking_event where message_id = ?1"
                        + " and kind = 'click' and url <> ?2 and at > ?3")
                .setParameter(1, messageId).setParameter(2, url).setParameter(3, at.minusSeconds(10))
                .getSingleResult()).intValue();
    }

    /** Hard bounces and complaints among the campaign's last {@code sample} sends. */
    public long[] health(UUID campaignId, int sample) {
        Object[] row = (Object[]) em.createNativeQuery("select count(*), count(*) filter (where bounce_type = 'hard'),"
                        + " count(*) filter (where complained) from (select bounce_type, complained from send_log"
                        + " where campaign_id = ?1 order by sent_at desc limit ?2) last")
                .setParameter(1, campaignId).setParameter(2, sample).getSingleResult();
        return new long[] {((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue()};
    }

    public int moveLead(String fromLeadId, String toLeadId) {
        return em.createNativeQuery("update send_log set lead_id = ?2 where lead_id = ?1")
                .setParameter(1, fromLeadId).setParameter(2, toLeadId).executeUpdate();
    }

    /** Erasure: the address and subject go; the counts for stats stay, tied to nobody. */
    public int eraseLead(String leadId) {
        em.createNativeQuery("delete from tracking_event where message_id in (select id from send_log where lead_id = ?1)")
                .setParameter(1, leadId).executeUpdate();
        return em.createNativeQuery("update send_log set email = null, subject = null, lead_id = 'erased' where lead_id = ?1")
                .setParameter(1, leadId).executeUpdate();
    }

    private static SentMessage toMessage(Object[] r) {
        return new SentMessage((UUID) r[0], (UUID) r[1], (String) r[2], (UUID) r[3], (String) r[4], (String) r[5],
                (String) r[6], instant(r[7]), ((Number) r[8]).intValue());
    }

}
