package dev.tandem.nurture.service;

import dev.tandem.events.BounceType;
import dev.tandem.events.EmailBounced;
import dev.tandem.events.EmailComplained;
import dev.tandem.events.TandemEvent;
import dev.tandem.nurture.Campaign;
import dev.tandem.nurture.Enrollment;
import dev.tandem.nurture.LeadContact;
import dev.tandem.nurture.config.NurtureConfig;
import dev.tandem.nurture.repository.CampaignRepository;
import dev.tandem.nurture.repository.LeadContactRepository;
import dev.tandem.nurture.repository.SendLogRepository;
import dev.tandem.nurture.repository.SuppressionRepository;
import dev.tandem.platform.outbox.sql.SqlOutbox;
import dev.tandem.platform.store.SqlColumns;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Hard and soft bounces and complaints: events, suppression, exits, and the campaign's self-pause. */
@ApplicationScoped
public class BounceService {

    @Inject
    SendLogRepository sendLog;

    @Inject
    SuppressionRepository suppressions;

    @Inject
    LeadContactRepository leads;

    @Inject
    CampaignRepository campaigns;

    @Inject
    CampaignService campaignService;

    @Inject
    EnrollmentService enrollmentService;

    @Inject
    SqlOutbox outbox;

    @Inject
    NurtureConfig config;

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

    @Inject
    MeterRegistry meters;

    /** A bounce of a sent message (SMTP 5xx at sending, or a provider's notification). */
    @Transactional(Transactional.TxType.REQUIRED)
    public void bounce(SendLogRepository.SentMessage message, BounceType type, String reason) {
        // The lead's row lock first, as senders take it: a send claimed now sees the suppression.
        leads.locked(message.leadId());
        Instant now = clock.instant();
        BounceType effective = type;
        if (type == BounceType.SOFT && softBounces(message.email()) + 1 >= config.sending().softBouncesToHard()) {
            effective = BounceType.HARD;
        }
        sendLog.markBounced(message.id(), effective.code());
        outbox.add(new EmailBounced(UUID.randomUUID(), now, message.leadId(), TandemEvent.SCHEMA_VERSION,
                message.id().toString(), effective, truncate(reason)));
        meters.counter("tandem_nurture_bounces_total", "type", effective.code()).increment();
        if (effective == BounceType.HARD) {
            if (message.email() != null) {
                suppressions.add(message.email(), "hard_bounce", message.leadId(), now);
            }
            enrollmentService.exitAll(message.leadId(), "bounced");
            checkHealth(message.campaignId());
        }
    }

    /** Temporary failures until the attempts ran out: a hard bounce with no message delivered. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void bounceUnsent(LeadContact lead, Enrollment enrollment, Campaign campaign, String reason) {
        Instant now = clock.instant();
        outbox.add(new EmailBounced(UUID.randomUUID(), now, lead.leadId, TandemEvent.SCHEMA_VERSION, null,
                BounceType.HARD, truncate("gave up after " + enrollment.attempts + " temporary failures: " + reason)));
        suppressions.add(lead.email, "hard_bounce", lead.leadId, now);
        enrollmentService.exitAll(lead.leadId, "bounced");
    }

    @Transactional(Transactional.TxType.REQUIRED)
    public void complaint(SendLogRepository.SentMessage message, String feedbackType) {
        leads.locked(message.leadId());
        Instant now = clock.instant();
        sendLog.markComplained(message.id());
        outbox.add(new EmailComplained(UUID.randomUUID(), now, message.leadId(), TandemEvent.SCHEMA_VERSION,
                message.campaignId().toString(), message.id().toString(), feedbackType));
        meters.counter("tandem_nurture_complaints_total").increment();
        if (message.email() != null) {
            suppressions.add(message.email(), "complaint", message.leadId(), now);
        }
        enrollmentService.exitAll(message.leadId(), "complained");
        checkHealth(message.campaignId());
    }

    /** Pauses the campaign when its last sends bounce or draw complaints past the limits, saying why. */
    void checkHealth(UUID campaignId) {
        NurtureConfig.Health health = config.health();
        long[] counts = sendLog.health(campaignId, health.sample());
        long total = counts[0];
        if (total < health.minimumSends()) {
            return;
        }
        double bounceRate = (double) counts[1] / total;
        double complaintRate = (double) counts[2] / total;
        String reason = null;
        if (bounceRate > health.maxHardBounceRate()) {
            reason = String.format(Locale.ROOT, "auto-paused: %d hard bounces in the last %d sends (%.1f%%) passed %.1f%%",
                    counts[1], total, bounceRate * 100, health.maxHardBounceRate() * 100);
        } else if (complaintRate > health.maxComplaintRate()) {
            reason = String.format(Locale.ROOT, "auto-paused: %d complaints in the last %d sends (%.2f%%) passed %.2f%%",
                    counts[2], total, complaintRate * 100, health.maxComplaintRate() * 100);
        }
        if (reason != null) {
            Campaign campaign = campaigns.findById(campaignId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (campaign != null) {
                campaignService.autoPause(campaign, reason);
            }
        }
    }

    private long softBounces(String email) {
        if (email == null) {
            return 0;
        }
        return ((Number) em.createNativeQuery("select count(*) from send_log where lower(email) = ?1 and bounce_type = 'soft'")
                .setParameter(1, email.toLowerCase(Locale.ROOT)).getSingleResult()).longValue();
    }

    /** When a message was first opened or clicked by a human, or null. */
    public Instant firstHuman(UUID messageId, String kind) {
        String column = "click".equals(kind) ? "first_human_click_at" : "first_human_open_at";
        List<?> rows = em.createNativeQuery("select " + column + " from send_log where id = ?1")
                .setParameter(1, messageId).getResultList();
        return rows.isEmpty() || rows.get(0) == null ? null : SqlColumns.instant(rows.get(0));
    }

    private static String truncate(String reason) {
        if (reason == null) {
            return null;
        }
        return reason.length() > 500 ? reason.substring(0, 500) : reason;
    }
}
