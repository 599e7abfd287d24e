package dev.tandem.nurture.service;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.EmailSent;
import dev.tandem.events.LifecycleStage;
import dev.tandem.events.TandemEvent;
import dev.tandem.nurture.Campaign;
import dev.tandem.nurture.CampaignDefinition;
import dev.tandem.nurture.CampaignState;
import dev.tandem.nurture.Condition;
import dev.tandem.nurture.Enrollment;
import dev.tandem.nurture.EnrollmentState;
import dev.tandem.nurture.Goal;
import dev.tandem.nurture.LeadContact;
import dev.tandem.nurture.OwnerProfile;
import dev.tandem.nurture.Step;
import dev.tandem.nurture.Template;
import dev.tandem.nurture.config.NurtureConfig;
import dev.tandem.nurture.repository.CampaignRepository;
import dev.tandem.nurture.repository.EnrollmentRepository;
import dev.tandem.nurture.repository.LeadContactRepository;
import dev.tandem.nurture.repository.OwnerProfileRepository;
import dev.tandem.nurture.repository.SendLogRepository;
import dev.tandem.nurture.repository.SuppressionRepository;
import dev.tandem.nurture.sending.MailSender;
import dev.tandem.nurture.sending.OutgoingMail;
import dev.tandem.nurture.sending.SmtpFailure;
import dev.tandem.platform.outbox.sql.SqlOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Runs enrolments: claims one due enrolment (row lock, SKIP LOCKED), locks its lead (so two campaigns' sends to
 * one lead and that lead's unsubscribe are serialised), and walks its steps until it waits. An email step sends
 * only inside the window, under the frequency cap and the hourly throttle, to an address not suppressed at that
 * moment; the send log's unique (enrolment, step) makes a second send of a step impossible.
 */
@ApplicationScoped
public class SendEngine {

    private static final Logger LOG = Logger.getLogger(SendEngine.class);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final Set<LifecycleStage> SALES_STAGES = Set.of(LifecycleStage.SQL, LifecycleStage.OPPORTUNITY,
            LifecycleStage.CUSTOMER);

    private static final ThreadLocal<UUID> LAST_CLAIMED = new ThreadLocal<>();

    @Inject
    EnrollmentRepository enrollments;

    @Inject
    CampaignRepository campaigns;

    @Inject
    LeadContactRepository leads;

    @Inject
    OwnerProfileRepository owners;

    @Inject
    SendLogRepository sendLog;

    @Inject
    SuppressionRepository suppressions;

    @Inject
    TemplateService templateService;

    @Inject
    EnrollmentService enrollmentService;

    @Inject
    BounceService bounces;

    @Inject
    TrackingTokens tokens;

    @Inject
    MailSender mailSender;

    @Inject
    HourlyThrottle throttle;

    @Inject
    SendTemplates sendTemplates;

    @Inject
    SqlOutbox outbox;

    @Inject
    NurtureConfig config;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry meters;

    /** Claims and runs one due enrolment; false when none was due. */
    @Transactional
    public boolean processOne() {
        Instant now = clock.instant();
        var claimed = enrollments.claimDue(now);
        if (claimed.isEmpty()) {
            return false;
        }
        LAST_CLAIMED.set(claimed.get().id);
        advance(claimed.get(), now);
        return true;
    }

    /** After an unexpected failure the enrolment is looked at again in 5 minutes rather than at once, forever. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void deferAfterFailure(UUID enrollmentId, Instant now) {
        Enrollment enrollment = enrollments.findById(enrollmentId);
        if (enrollment != null && enrollment.state == EnrollmentState.ACTIVE) {
            enrollment.nextActionAt = now.plus(Duration.ofMinutes(5));
        }
    }

    /** The enrolment this thread claimed last, so a worker can defer it when its transaction failed. */
    public static UUID lastClaimed() {
        return LAST_CLAIMED.get();
    }

    void advance(Enrollment enrollment, Instant now) {
        Campaign campaign = campaigns.findById(enrollment.campaignId);
        if (campaign == null || campaign.state != CampaignState.ACTIVE) {
            // A paused campaign's enrolments wait; resume makes them due again (their next_action_at is kept).
            enrollment.nextActionAt = now.plus(Duration.ofMinutes(1));
            return;
        }
        LeadContact lead = leads.locked(enrollment.leadId).orElse(null);
        if (lead == null) {
            enrollmentService.exit(enrollment, "lead_unknown");
            return;
        }
        CampaignDefinition definition = CampaignService.definition(campaign);
        String goal = goalReached(definition, lead, enrollment);
        if (goal != null) {
            enrollmentService.exit(enrollment, goal);
            return;
        }
        for (int hops = 0; hops < 100; hops++) {
            Step step = definition.step(enrollment.stepId);
            if (step == null) {
                enrollmentService.exit(enrollment, "completed");
                return;
            }
            if (step instanceof Step.Exit) {
                enrollmentService.exit(enrollment, "exit_step");
                return;
            }
            if (step instanceof Step.Wait wait) {
                Instant end = waitEnd(wait, enrollment.stepStartedAt, zone(lead, definition), lead.country, definition);
                if (now.isBefore(end)) {
                    enrollment.nextActionAt = end;
                    return;
                }
                moveTo(enrollment, wait.next(), now);
            } else if (step instanceof Step.Branch branch) {
                moveTo(enrollment, choose(branch, enrollment, lead), now);
            } else if (step instanceof Step.NotifyOwner notice) {
                notifyOwner(notice, enrollment, campaign, lead);
                moveTo(enrollment, notice.next(), now);
            } else if (step instanceof Step.Email email) {
                Instant later = sendEmail(email, enrollment, campaign, definition, lead, now);
                if (enrollment.state != EnrollmentState.ACTIVE) {
                    return;
                }
                if (later != null) {
                    enrollment.nextActionAt = later;
                    return;
                }
                moveTo(enrollment, email.next(), now);
            }
            if (enrollment.state != EnrollmentState.ACTIVE) {
                return;
            }
        }
        LOG.warnf("enrollment %s made 100 steps without waiting; looked at again in a minute", enrollment.id);
        enrollment.nextActionAt = now.plus(Duration.ofMinutes(1));
    }

    /** When the engine should first look at the enrolment's current step (used when enrolling and resuming). */
    public Instant plan(Enrollment enrollment, Campaign campaign, LeadContact lead, Instant now) {
        CampaignDefinition definition = CampaignService.definition(campaign);
        Step step = definition.step(enrollment.stepId);
        ZoneId zone = zone(lead, definition);
        if (step instanceof Step.Email) {
            return SendWindow.nextOpen(now, zone, lead.country, definition.window());
        }
        if (step instanceof Step.Wait wait) {
            return waitEnd(wait, enrollment.stepStartedAt, zone, lead.country, definition);
        }
        return now;
    }

    private void moveTo(Enrollment enrollment, String next, Instant now) {
        enrollment.stepId = next;
        enrollment.stepStartedAt = now;
        enrollment.attempts = 0;
        enrollment.nextActionAt = now;
        if (next == null) {
            enrollmentService.exit(enrollment, "completed");
        }
    }

    static ZoneId zone(LeadContact lead, CampaignDefinition definition) {
        return SendWindow.zoneFor(lead.timezone, lead.country, definition.timezone());
    }

    static Instant waitEnd(Step.Wait wait, Instant started, ZoneId zone, String country, CampaignDefinition definition) {
        if (wait.duration() != null) {
            return started.plus(wait.duration());
        }
        if (wait.until() != null) {
            ZonedDateTime local = started.atZone(zone);
            ZonedDateTime target = local.with(TemporalAdjusters.nextOrSame(wait.until().dayOfWeek()))
                    .with(wait.until().time()).withSecond(0).withNano(0);
            if (!target.isAfter(local)) {
                target = target.plusWeeks(1);
            }
            return target.toInstant();
        }
        // N business days later at the same local time (Tuesday 15:00 + 2 → Thursday 15:00, holidays skipped).
        var calendar = SendWindow.calendar(zone, country, null);
        ZonedDateTime local = started.atZone(zone);
        java.time.LocalDate day = local.toLocalDate();
        for (int i = 0; i < wait.businessDays(); i++) {
            day = calendar.nextBusinessDay(day);
        }
        return day.atTime(local.toLocalTime()).atZone(zone).toInstant();
    }

    private String goalReached(CampaignDefinition definition, LeadContact lead, Enrollment enrollment) {
        LifecycleStage stage = stage(lead);
        List<Goal> goals = definition.goals() == null || definition.goals().isEmpty()
                ? List.of(new Goal.StageReached("sql")) : definition.goals();
        for (Goal goal : goals) {
            if (goal instanceof Goal.StageReached reached && stage != null && reaches(stage, LifecycleStage.fromCode(reached.stage()))) {
                return "goal:stage_" + reached.stage();
            }
            if (goal instanceof Goal.Custom custom && holds(custom.condition(), enrollment, lead)) {
                return "goal:" + custom.name();
            }
        }
        return null;
    }

    /** A funnel stage counts from the goal onward (sql → opportunity, customer); others only as themselves. */
    static boolean reaches(LifecycleStage stage, LifecycleStage goal) {
        if (stage.inFunnel() && goal.inFunnel()) {
            return stage.ordinal() >= goal.ordinal();
        }
        return stage == goal;
    }

    static boolean salesStage(LifecycleStage stage) {
        return stage != null && SALES_STAGES.contains(stage);
    }

    static LifecycleStage stage(LeadContact lead) {
        try {
            return lead.stage == null ? null : LifecycleStage.fromCode(lead.stage);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String choose(Step.Branch branch, Enrollment enrollment, LeadContact lead) {
        if (branch.split() != null) {
            int bucket = bucket(enrollment.id, branch.id());
            int upTo = 0;
            for (Step.Variant variant : branch.split()) {
                upTo += variant.percent();
                if (bucket < upTo) {
                    enrollment.variant = variant.name();
                    return variant.next();
                }
            }
            Step.Variant last = branch.split().get(branch.split().size() - 1);
            enrollment.variant = last.name();
            return last.next();
        }
        return holds(branch.condition(), enrollment, lead) ? branch.then() : branch.otherwise();
    }

    /** 0–99 from the enrolment and the branch: stable, so a re-run of the branch picks the same variant. */
    static int bucket(UUID enrollmentId, String branchId) {
        UUID hash = UUID.nameUUIDFromBytes((enrollmentId + "/" + branchId).getBytes(StandardCharsets.UTF_8));
        return (int) Math.floorMod(hash.getMostSignificantBits() ^ hash.getLeastSignificantBits(), 100L);
    }

    boolean holds(Condition condition, Enrollment enrollment, LeadContact lead) {
        if (condition instanceof Condition.Opened opened) {
            return sendLog.ofStep(enrollment.id, opened.stepId()).map(m -> humanAt(m.id(), "open"))
                    .map(at -> at != null).orElse(false);
        }
        if (condition instanceof Condition.Clicked clicked) {
            return sendLog.ofStep(enrollment.id, clicked.stepId()).map(m -> humanAt(m.id(), "click"))
                    .map(at -> at != null).orElse(false);
        }
        if (condition instanceof Condition.ScoreAbove above) {
            Map<String, Object> scores = Json.read(lead.scores, MAP);
            Object score = above.modelId() != null ? scores.get(above.modelId()) : scores.get("primary");
            return score instanceof Number n && n.doubleValue() > above.value();
        }
        if (condition instanceof Condition.StageIs is) {
            return is.stage().equals(lead.stage);
        }
        if (condition instanceof Condition.Attribute attribute) {
            return LeadAttributes.matches(attribute, lead);
        }
        return false;
    }

    private Instant humanAt(UUID messageId, String kind) {
        return bounces.firstHuman(messageId, kind);
    }

    /** Sends the step's email now, or says when to try again; exits the enrolment if the lead may not be mailed. */
    private Instant sendEmail(Step.Email step, Enrollment enrollment, Campaign campaign, CampaignDefinition definition,
                              LeadContact lead, Instant now) {
        String blocked = blocked(lead);
        if (blocked != null) {
            enrollmentService.exit(enrollment, blocked);
            return null;
        }
        ZoneId zone = zone(lead, definition);
        if (!SendWindow.isOpen(now, zone, lead.country, definition.window())) {
            return SendWindow.nextOpen(now, zone, lead.country, definition.window());
        }
        List<Instant> recent = sendLog.sentToLeadSince(lead.leadId, now.minus(config.sending().frequencyWindow()));
        if (recent.size() >= config.sending().frequencyCap()) {
            meters.counter("tandem_nurture_send_deferred_total", "reason", "frequency_cap").increment();
            Instant frees = recent.get(recent.size() - config.sending().frequencyCap()).plus(config.sending().frequencyWindow());
            return SendWindow.nextOpen(frees.plusSeconds(1), zone, lead.country, definition.window());
        }
        if (!throttle.allows(now, config.sending().hourlyThrottle())) {
            meters.counter("tandem_nurture_send_deferred_total", "reason", "hourly_throttle").increment();
            return now.plus(Duration.ofMinutes(1));
        }
        Template template = sendTemplates.get(step.templateId());
        if (template == null) {
            enrollmentService.exit(enrollment, "template_missing");
            return null;
        }
        OwnerProfile owner = lead.ownerId == null ? null : owners.findById(lead.ownerId);
        UUID messageId = UUID.randomUUID();
        TemplateRenderer.Rendered rendered = templateService.renderer().render(
                templateService.contentFor(template, lead.locale),
                MailData.of(lead, owner, campaign.name, tokens.unsubscribeUrl(messageId)),
                tokens.prefix(), url -> tokens.clickUrl(messageId, url));
        if (!sendLog.insert(messageId, enrollment.id, step.id(), campaign.id, lead.leadId, lead.email,
                enrollment.variant, rendered.subject(), TrackingService.countLinks(rendered.html()), now)) {
            return null; // sent before: move on, never twice
        }
        String html = rendered.html() + "<img src=\"" + tokens.openUrl(messageId) + "\" width=\"1\" height=\"1\" alt=\"\">";
        boolean fromOwner = step.sender() != null && "owner".equals(step.sender().from()) && owner != null && owner.email != null;
        String fromAddress = fromOwner ? owner.email : step.sender() != null && step.sender().address() != null
                ? step.sender().address() : config.fromAddress();
        String fromName = fromOwner ? owner.name : step.sender() != null && step.sender().name() != null
                ? step.sender().name() : config.fromName();
        String replyTo = owner != null && owner.email != null ? owner.email : null;
        try {
            mailSender.send(new OutgoingMail(messageId, fromAddress, fromName, replyTo, lead.email, rendered.subject(),
                    html, rendered.text(), tokens.unsubscribeUrl(messageId)));
        } catch (SmtpFailure failure) {
            if (failure.permanent()) {
                meters.counter("tandem_nurture_smtp_failures_total", "kind", "permanent").increment();
                bounces.bounce(sendLog.find(messageId).orElseThrow(), dev.tandem.events.BounceType.HARD, failure.getMessage());
                return null;
            }
            meters.counter("tandem_nurture_smtp_failures_total", "kind", "temporary").increment();
            sendLog.delete(messageId);
            enrollment.attempts++;
            if (enrollment.attempts >= config.sending().maxAttempts()) {
                bounces.bounceUnsent(lead, enrollment, campaign, failure.getMessage());
                return null;
            }
            long factor = 1L << Math.min(enrollment.attempts - 1, 10);
            LOG.infof("temporary SMTP failure for enrollment %s (attempt %d): %s", enrollment.id, enrollment.attempts,
                    failure.getMessage());
            return now.plus(config.sending().retryBase().multipliedBy(factor));
        }
        throttle.sent();
        meters.counter("tandem_nurture_emails_sent_total").increment();
        String id = messageId.toString();
        outbox.add(new EmailSent(UUID.randomUUID(), now, lead.leadId, TandemEvent.SCHEMA_VERSION, campaign.id.toString(),
                step.id(), id, rendered.subject()));
        Map<String, Object> properties = new HashMap<>();
        properties.put("campaignId", campaign.id.toString());
        properties.put("stepId", step.id());
        properties.put("messageId", id);
        properties.put("subject", rendered.subject());
        properties.put("botConfidence", 0.0);
        if (enrollment.variant != null) {
            properties.put("variant", enrollment.variant);
        }
        outbox.add(new ActivityRecorded(UUID.randomUUID(), now, lead.leadId, TandemEvent.SCHEMA_VERSION, "email_sent",
                null, "nurture", properties));
        return null;
    }

    /** Why the lead may not be mailed now, or null. Checked at the moment of sending, under the lead's row lock. */
    String blocked(LeadContact lead) {
        if (lead.mergedInto != null) {
            return "merged";
        }
        if (lead.email == null || lead.email.isBlank()) {
            return "no_email";
        }
        String suppressed = suppressions.reason(lead.email).orElse(null);
        if (suppressed != null) {
            return suppressed;
        }
        if (Boolean.FALSE.equals(lead.emailConsent)) {
            return "consent_withdrawn";
        }
        if (lead.emailConsent == null && lead.country != null
                && config.sending().consentRequiredCountries().contains(lead.country.toUpperCase(java.util.Locale.ROOT))) {
            return "consent_missing";
        }
        return null;
    }

    private void notifyOwner(Step.NotifyOwner notice, Enrollment enrollment, Campaign campaign, LeadContact lead) {
        OwnerProfile owner = lead.ownerId == null ? null : owners.findById(lead.ownerId);
        if (owner == null || owner.email == null) {
            return;
        }
        Map<String, Object> data = MailData.of(lead, owner, campaign.name, "");
        TemplateRenderer renderer = templateService.renderer();
        String subject = renderer.renderText(notice.subject(), data);
        String text = renderer.renderText(notice.message(), data);
        try {
            mailSender.send(new OutgoingMail(UUID.randomUUID(), config.fromAddress(), config.fromName(), null,
                    owner.email, subject, "<p>" + escape(text).replace("\n", "<br>") + "</p>", text, null));
        } catch (SmtpFailure failure) {
            // A notice that cannot be delivered must not hold up the lead's campaign.
            LOG.warnf("owner notice of enrollment %s not delivered: %s", enrollment.id, failure.getMessage());
        }
    }

    private static String escape(String text) {
        return Objects.requireNonNullElse(text, "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
