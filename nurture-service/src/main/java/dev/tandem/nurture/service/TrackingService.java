package dev.tandem.nurture.service;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.TandemEvent;
import dev.tandem.events.Unsubscribed;
import dev.tandem.nurture.LeadContact;
import dev.tandem.nurture.repository.LeadContactRepository;
import dev.tandem.nurture.repository.SendLogRepository;
import dev.tandem.nurture.repository.SuppressionRepository;
import dev.tandem.platform.outbox.sql.SqlOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** The public side: opens, clicks and unsubscribes of signed links, each an event with its bot confidence. */
@ApplicationScoped
public class TrackingService {

    private static final Pattern LINK = Pattern.compile("/t/c/[^/]+/([^?\"]+)");

    @Inject
    TrackingTokens tokens;

    @Inject
    SendLogRepository sendLog;

    @Inject
    SuppressionRepository suppressions;

    @Inject
    LeadContactRepository leads;

    @Inject
    EnrollmentService enrollments;

    @Inject
    SqlOutbox outbox;

    @Inject
    Clock clock;

    /** An open of the pixel; a forged token is ignored (the pixel is served either way). */
    @Transactional
    public void open(UUID messageId, String signature, String method, String userAgent) {
        if (!tokens.validOpen(messageId, signature)) {
            return;
        }
        sendLog.find(messageId).ifPresent(message -> {
            Instant now = clock.instant();
            double bot = BotSignals.confidence(new BotSignals.Request("open", method, userAgent,
                    Duration.between(message.sentAt(), now), 0, 0));
            sendLog.addTracking(messageId, "open", null, now, truncate(userAgent), bot);
            sendLog.markOpened(messageId, now, bot < BotSignals.HUMAN_BELOW);
            publish("email_open", message, now, bot, null);
        });
    }

    /** A click: the target if the signature binds it to this message, else {@link TamperedLinkException}. */
    @Transactional
    public String click(UUID messageId, String signature, String target, String method, String userAgent) {
        if (target == null || !tokens.validClick(messageId, target, signature)) {
            throw new TamperedLinkException("this link was altered or is not one of ours");
        }
        sendLog.find(messageId).ifPresent(message -> {
            Instant now = clock.instant();
            int others = sendLog.otherLinksClickedWithin(messageId, target, now);
            double bot = BotSignals.confidence(new BotSignals.Request("click", method, userAgent,
                    Duration.between(message.sentAt(), now), others, message.linkCount()));
            sendLog.addTracking(messageId, "click", target, now, truncate(userAgent), bot);
            sendLog.markClicked(messageId, now, bot < BotSignals.HUMAN_BELOW);
            publish("email_click", message, now, bot, target);
        });
        return target;
    }

    public boolean validUnsubscribe(UUID messageId, String signature) {
        return tokens.validUnsubscribe(messageId, signature);
    }

    /**
     * Suppresses the address, withdraws email consent here, ends the lead's enrolments and publishes Unsubscribed —
     * one transaction, under the lead's row lock, so a send claimed at the same moment either went before or sees it.
     */
    @Transactional
    public boolean unsubscribe(UUID messageId, String signature) {
        if (!tokens.validUnsubscribe(messageId, signature)) {
            throw new TamperedLinkException("this unsubscribe link was altered or is not one of ours");
        }
        var found = sendLog.find(messageId);
        if (found.isEmpty()) {
            return false;
        }
        SendLogRepository.SentMessage message = found.get();
        Instant now = clock.instant();
        LeadContact lead = leads.locked(message.leadId()).orElse(null);
        if (lead != null) {
            lead.emailConsent = false;
        }
        String email = message.email() != null ? message.email() : lead != null ? lead.email : null;
        boolean first = email != null && suppressions.add(email, "unsubscribed", message.leadId(), now);
        sendLog.markUnsubscribed(messageId);
        enrollments.exitAll(message.leadId(), "unsubscribed");
        if (first) {
            outbox.add(new Unsubscribed(UUID.randomUUID(), now, message.leadId(), TandemEvent.SCHEMA_VERSION,
                    message.campaignId().toString(), messageId.toString(), "email"));
        }
        return true;
    }

    public String localeOf(UUID messageId) {
        return sendLog.find(messageId).flatMap(m -> leads.findByIdOptional(m.leadId())).map(l -> l.locale).orElse(null);
    }

    private void publish(String type, SendLogRepository.SentMessage message, Instant now, double bot, String url) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("campaignId", message.campaignId().toString());
        properties.put("stepId", message.stepId());
        properties.put("messageId", message.id().toString());
        properties.put("botConfidence", bot);
        if (url != null) {
            properties.put("url", url);
        }
        if (message.variant() != null) {
            properties.put("variant", message.variant());
        }
        outbox.add(new ActivityRecorded(UUID.randomUUID(), now, message.leadId(), TandemEvent.SCHEMA_VERSION, type,
                null, "nurture", properties));
    }

    private static String truncate(String value) {
        return value == null ? null : value.length() > 500 ? value.substring(0, 500) : value;
    }

    static int countLinks(String html) {
        return (int) LINK.matcher(html).results().map(m -> m.group(1)).distinct().count();
    }
}
