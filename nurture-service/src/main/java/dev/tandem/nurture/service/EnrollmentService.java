package dev.tandem.nurture.service;

import dev.tandem.events.EnrollmentExited;
import dev.tandem.events.EnrollmentStarted;
import dev.tandem.events.TandemEvent;
import dev.tandem.nurture.Campaign;
import dev.tandem.nurture.CampaignDefinition;
import dev.tandem.nurture.CampaignState;
import dev.tandem.nurture.Enrollment;
import dev.tandem.nurture.EnrollmentState;
import dev.tandem.nurture.EnrollmentView;
import dev.tandem.nurture.LeadContact;
import dev.tandem.nurture.Step;
import dev.tandem.nurture.repository.CampaignRepository;
import dev.tandem.nurture.repository.EnrollmentRepository;
import dev.tandem.nurture.repository.LeadContactRepository;
import dev.tandem.platform.outbox.sql.SqlOutbox;
import dev.tandem.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Enrolments: by API (marketing, or the owning rep), by triggers, exits, pause and resume. */
@ApplicationScoped
public class EnrollmentService {

    @Inject
    EnrollmentRepository enrollments;

    @Inject
    CampaignRepository campaigns;

    @Inject
    LeadContactRepository leads;

    @Inject
    SqlOutbox outbox;

    @Inject
    Clock clock;

    @Inject
    SendEngine engine;

    /** {@code POST /enrollments}: the campaign must be active (any trigger: enrolment by API is always allowed). */
    @Transactional
    public EnrollmentView enrollByApi(UUID campaignId, String leadId, Caller actor) {
        LeadContact lead = visibleLead(leadId, actor);
        Campaign campaign = campaigns.findById(campaignId);
        if (campaign == null) {
            throw InvalidInputException.of("campaignId", "'" + campaignId + "' is not a campaign");
        }
        if (campaign.state != CampaignState.ACTIVE) {
            throw new ConflictException("campaign " + campaignId + " is " + campaign.state.code() + ", not active");
        }
        if (lead.mergedInto != null) {
            throw new ConflictException("lead " + leadId + " was merged into " + lead.mergedInto);
        }
        if (enrollments.open(campaignId, leadId).isPresent()) {
            throw new ConflictException("lead " + leadId + " is already enrolled in campaign " + campaignId);
        }
        if (!reenrollmentAllows(campaign, leadId)) {
            throw new ConflictException("lead " + leadId + " was enrolled in campaign " + campaignId
                    + " before and its re-enrolment policy does not allow another yet");
        }
        try {
            return view(start(campaign, lead, actor.subject()));
        } catch (jakarta.persistence.PersistenceException failure) {
            if (!uniqueViolation(failure)) {
                throw failure;
            }
            // A trigger enrolled the lead in this campaign between the check above and this insert.
            throw new ConflictException("lead " + leadId + " is already enrolled in campaign " + campaignId);
        }
    }

    private static boolean uniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }

    /** Enrols if allowed (trigger paths): one open enrolment per lead and campaign, re-enrolment policy applied. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enrollIfAllowed(Campaign campaign, LeadContact lead, String cause) {
        if (campaign.state != CampaignState.ACTIVE || lead.mergedInto != null
                || enrollments.open(campaign.id, lead.leadId).isPresent() || !reenrollmentAllows(campaign, lead.leadId)) {
            return;
        }
        start(campaign, lead, cause);
    }

    private Enrollment start(Campaign campaign, LeadContact lead, String by) {
        CampaignDefinition definition = CampaignService.definition(campaign);
        Instant now = clock.instant();
        Enrollment enrollment = new Enrollment();
        enrollment.id = UUID.randomUUID();
        enrollment.campaignId = campaign.id;
        enrollment.leadId = lead.leadId;
        enrollment.state = EnrollmentState.ACTIVE;
        enrollment.stepId = definition.firstStep();
        enrollment.stepStartedAt = now;
        enrollment.enrolledBy = by;
        enrollment.startedAt = now;
        // The first step is planned right away, so the API shows when the first email will go (nextSendAt).
        enrollment.nextActionAt = engine.plan(enrollment, campaign, lead, now);
        enrollments.persist(enrollment);
        enrollments.flush();
        outbox.add(new EnrollmentStarted(UUID.randomUUID(), now, lead.leadId, TandemEvent.SCHEMA_VERSION,
                campaign.id.toString(), enrollment.id.toString()));
        return enrollment;
    }

    private boolean reenrollmentAllows(Campaign campaign, String leadId) {
        var previous = enrollments.lastEnded(campaign.id, leadId);
        if (previous.isEmpty()) {
            return true;
        }
        CampaignDefinition.Reenrollment policy = CampaignService.definition(campaign).reenrollment();
        if (policy == null || !"after".equals(policy.policy())) {
            return false;
        }
        Instant ended = previous.get();
        return ended != Instant.MAX && !clock.instant().isBefore(ended.plus(policy.after()));
    }

    @Transactional
    public EnrollmentView get(UUID id, Caller actor) {
        Enrollment enrollment = visible(id, actor);
        return view(enrollment);
    }

    @Transactional
    public List<EnrollmentView> ofLead(String leadId, Caller actor) {
        visibleLead(leadId, actor);
        return enrollments.ofLead(leadId).stream().map(this::view).toList();
    }

    @Transactional
    public EnrollmentView pause(UUID id, String reason, Caller actor) {
        Enrollment enrollment = visible(id, actor);
        if (enrollment.state != EnrollmentState.ACTIVE) {
            throw new ConflictException("enrollment " + id + " is " + enrollment.state.code() + ", not active");
        }
        enrollment.state = EnrollmentState.PAUSED;
        enrollment.pauseReason = reason;
        enrollment.pausedBy = actor.subject();
        enrollments.flush();
        return view(enrollment);
    }

    @Transactional
    public EnrollmentView resume(UUID id, Caller actor) {
        Enrollment enrollment = visible(id, actor);
        if (enrollment.state != EnrollmentState.PAUSED) {
            throw new ConflictException("enrollment " + id + " is " + enrollment.state.code() + ", not paused");
        }
        Campaign campaign = campaigns.findById(enrollment.campaignId);
        LeadContact lead = leads.findById(enrollment.leadId);
        enrollment.state = EnrollmentState.ACTIVE;
        enrollment.pauseReason = null;
        enrollment.pausedBy = null;
        enrollment.nextActionAt = engine.plan(enrollment, campaign, lead, clock.instant());
        enrollments.flush();
        return view(enrollment);
    }

    /** Ends every open enrolment of a lead (sales took over, unsubscribed, bounced, erased …). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void exitAll(String leadId, String reason) {
        for (Enrollment enrollment : enrollments.openOf(leadId)) {
            exit(enrollment, reason);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void exit(Enrollment enrollment, String reason) {
        Instant now = clock.instant();
        enrollment.state = reason.equals("completed") ? EnrollmentState.COMPLETED : EnrollmentState.EXITED;
        enrollment.exitReason = reason;
        enrollment.endedAt = now;
        enrollment.nextActionAt = null;
        outbox.add(new EnrollmentExited(UUID.randomUUID(), now, enrollment.leadId, TandemEvent.SCHEMA_VERSION,
                enrollment.campaignId.toString(), enrollment.id.toString(), reason));
    }

    private Enrollment visible(UUID id, Caller actor) {
        Enrollment enrollment = enrollments.findById(id);
        if (enrollment == null) {
            throw new NotFoundException("enrollment", id);
        }
        if (actor.onlyOwnLeads()) {
            LeadContact lead = leads.findById(enrollment.leadId);
            if (lead == null || !actor.subject().equals(lead.ownerId)) {
                throw new NotFoundException("enrollment", id);
            }
        }
        return enrollment;
    }

    private LeadContact visibleLead(String leadId, Caller actor) {
        LeadContact lead = leads.findById(leadId);
        if (lead == null || (actor.onlyOwnLeads() && !actor.subject().equals(lead.ownerId))) {
            throw new NotFoundException("lead", leadId);
        }
        return lead;
    }

    EnrollmentView view(Enrollment e) {
        Campaign campaign = campaigns.findById(e.campaignId);
        Step step = campaign == null ? null : CampaignService.definition(campaign).step(e.stepId);
        Instant nextSend = e.state == EnrollmentState.ACTIVE && step instanceof Step.Email ? e.nextActionAt : null;
        return new EnrollmentView(e.id, e.campaignId, campaign == null ? null : campaign.name, e.leadId, e.state,
                e.stepId, step == null ? null : typeOf(step), e.nextActionAt, nextSend, e.variant, e.enrolledBy,
                e.pauseReason, e.pausedBy, e.exitReason, e.startedAt, e.endedAt);
    }

    static String typeOf(Step step) {
        if (step instanceof Step.Email) {
            return "email";
        }
        if (step instanceof Step.Wait) {
            return "wait";
        }
        if (step instanceof Step.Branch) {
            return "branch";
        }
        if (step instanceof Step.NotifyOwner) {
            return "notifyOwner";
        }
        return "exit";
    }
}
