package dev.tandem.nurture.service;

import dev.tandem.events.DealLost;
import dev.tandem.events.FeedbackEvent;
import dev.tandem.events.LeadAccepted;
import dev.tandem.events.LeadCreated;
import dev.tandem.events.LeadErased;
import dev.tandem.events.LeadEvent;
import dev.tandem.events.LeadOwnerAssigned;
import dev.tandem.events.LeadProfile;
import dev.tandem.events.LeadQualified;
import dev.tandem.events.LeadRejected;
import dev.tandem.events.LeadStageChanged;
import dev.tandem.events.LeadUpdated;
import dev.tandem.events.LeadsMerged;
import dev.tandem.events.LifecycleStage;
import dev.tandem.events.ScoreChanged;
import dev.tandem.events.ScoreEvent;
import dev.tandem.events.TandemEvent;
import dev.tandem.nurture.Campaign;
import dev.tandem.nurture.CampaignState;
import dev.tandem.nurture.Enrollment;
import dev.tandem.nurture.LeadContact;
import dev.tandem.nurture.OwnerProfile;
import dev.tandem.nurture.Trigger;
import dev.tandem.nurture.repository.CampaignRepository;
import dev.tandem.nurture.repository.EnrollmentRepository;
import dev.tandem.nurture.repository.LeadContactRepository;
import dev.tandem.nurture.repository.OwnerProfileRepository;
import dev.tandem.nurture.repository.SendLogRepository;
import dev.tandem.nurture.repository.SuppressionRepository;
import dev.tandem.platform.outbox.sql.ProcessedEvents;
import dev.tandem.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Applies lead.events, score.events and feedback.events: keeps the local lead copy, enrols by trigger, and ends
 * enrolments when sales takes over. Each event once (ProcessedEvents in the same transaction as its effect).
 */
@ApplicationScoped
public class LeadDirectory {

    static final String CONSUMER = "nurture-service";

    @Inject
    ProcessedEvents processed;

    @Inject
    LeadContactRepository leads;

    @Inject
    OwnerProfileRepository owners;

    @Inject
    CampaignRepository campaigns;

    @Inject
    EnrollmentRepository enrollments;

    @Inject
    EnrollmentService enrollmentService;

    @Inject
    SendLogRepository sendLog;

    @Inject
    SuppressionRepository suppressions;

    @Inject
    EntityManager em;

    @Inject
    Clock clock;

    @Transactional
    public void apply(TandemEvent event) {
        if (!processed.firstTime(event.eventId(), CONSUMER)) {
            return;
        }
        if (event instanceof LeadEvent lead) {
            applyLead(lead);
        } else if (event instanceof ScoreEvent score) {
            applyScore(score);
        } else if (event instanceof FeedbackEvent feedback) {
            applyFeedback(feedback);
        }
    }

    private void applyLead(LeadEvent event) {
        if (event instanceof LeadCreated created) {
            LeadContact lead = upsert(created.leadId(), created.lead());
            for (Campaign campaign : active()) {
                if (CampaignService.definition(campaign).trigger() instanceof Trigger.LeadCreated trigger
                        && (trigger.conditions() == null
                        || trigger.conditions().stream().allMatch(c -> LeadAttributes.matches(c, lead)))) {
                    enrollmentService.enrollIfAllowed(campaign, lead, "trigger:leadCreated");
                }
            }
        } else if (event instanceof LeadUpdated updated) {
            upsert(updated.leadId(), updated.lead());
        } else if (event instanceof LeadStageChanged changed) {
            leads.locked(changed.leadId()).ifPresent(lead -> {
                lead.stage = changed.to().code();
                lead.updatedAt = clock.instant();
                stageReached(lead, changed.to(), changed);
            });
        } else if (event instanceof LeadOwnerAssigned assigned) {
            leads.locked(assigned.leadId()).ifPresent(lead -> lead.ownerId = assigned.ownerId());
        } else if (event instanceof LeadsMerged merged) {
            merge(merged);
        } else if (event instanceof LeadErased erased) {
            erase(erased.leadId());
        }
    }

    private void stageReached(LeadContact lead, LifecycleStage stage, LeadStageChanged changed) {
        if (SendEngine.salesStage(stage)) {
            em.createNativeQuery("insert into lead_conversion (lead_id, converted_at) values (?1, ?2)"
                            + " on conflict (lead_id) do nothing")
                    .setParameter(1, lead.leadId).setParameter(2, changed.occurredAt()).executeUpdate();
        }
        // Goals are the campaigns' own; the default (sql and beyond) applies to every campaign without goals.
        for (Enrollment enrollment : enrollments.openOf(lead.leadId)) {
            Campaign campaign = campaigns.findById(enrollment.campaignId);
            var goals = CampaignService.definition(campaign).goals();
            if (goals == null || goals.isEmpty()) {
                if (SendEngine.salesStage(stage)) {
                    enrollmentService.exit(enrollment, "goal:stage_" + stage.code());
                }
            } else {
                for (var goal : goals) {
                    if (goal instanceof dev.tandem.nurture.Goal.StageReached reached
                            && SendEngine.reaches(stage, LifecycleStage.fromCode(reached.stage()))) {
                        enrollmentService.exit(enrollment, "goal:stage_" + reached.stage());
                        break;
                    }
                }
            }
        }
        for (Campaign campaign : active()) {
            if (CampaignService.definition(campaign).trigger() instanceof Trigger.StageEntered trigger
                    && trigger.stage().equals(stage.code())) {
                enrollmentService.enrollIfAllowed(campaign, lead, "trigger:stageEntered");
            }
        }
    }

    private void applyScore(ScoreEvent event) {
        double total;
        String modelId;
        boolean primary;
        if (event instanceof ScoreChanged changed) {
            total = changed.total();
            modelId = changed.modelId();
            primary = changed.primary();
        } else if (event instanceof LeadQualified qualified) {
            total = qualified.total();
            modelId = qualified.modelId();
            primary = false;
        } else {
            return;
        }
        leads.locked(event.leadId()).ifPresent(lead -> {
            Map<String, Object> scores = new java.util.HashMap<>(Json.read(lead.scores, MailData.MAP));
            Object before = scores.get(modelId);
            scores.put(modelId, total);
            if (primary) {
                scores.put("primary", total);
            }
            lead.scores = Json.write(scores);
            for (Campaign campaign : active()) {
                if (CampaignService.definition(campaign).trigger() instanceof Trigger.ScoreReached trigger
                        && (trigger.modelId() == null || trigger.modelId().equals(modelId))
                        && total >= trigger.minimum()
                        && !(before instanceof Number n && n.doubleValue() >= trigger.minimum())) {
                    enrollmentService.enrollIfAllowed(campaign, lead, "trigger:scoreReached");
                }
            }
        });
    }

    /**
     * Sales' verdicts. The local stage moves as lead-service moves it (feedback.events may arrive before the
     * LeadStageChanged on lead.events): otherwise a recycled lead, still an {@code opportunity} here, would meet the
     * default goal and leave the recycling campaign it was just enrolled in.
     */
    private void applyFeedback(FeedbackEvent event) {
        if (event instanceof LeadAccepted) {
            enrollmentService.exitAll(event.leadId(), "accepted_by_sales");
            leads.locked(event.leadId()).ifPresent(lead -> moveStage(lead, LifecycleStage.SQL));
            return;
        }
        String reason = event instanceof LeadRejected rejected ? rejected.reasonCode().code() : null;
        // A trigger names either the coarse reason (bad_timing) or the rep's own code (too_early).
        String salesReason = event instanceof LeadRejected rejected ? rejected.salesReasonCode() : null;
        boolean dealLost = event instanceof DealLost;
        if (reason == null && !dealLost) {
            return;
        }
        LifecycleStage next = dealLost ? LifecycleStage.RECYCLED : ((LeadRejected) event).reasonCode().nextStage();
        leads.locked(event.leadId()).ifPresent(lead -> {
            if (!moveStage(lead, next)) {
                return;
            }
            if (next == LifecycleStage.DISQUALIFIED) {
                enrollmentService.exitAll(lead.leadId, "disqualified:" + reason);
                return;
            }
            for (Campaign campaign : active()) {
                if (CampaignService.definition(campaign).trigger() instanceof Trigger.Recycled trigger) {
                    boolean matches = dealLost ? Boolean.TRUE.equals(trigger.dealLost())
                            : trigger.reasonCodes() == null || trigger.reasonCodes().isEmpty()
                            || trigger.reasonCodes().contains(reason) || trigger.reasonCodes().contains(salesReason);
                    if (matches) {
                        enrollmentService.enrollIfAllowed(campaign, lead, "trigger:recycled");
                    }
                }
            }
        });
    }

    /** As lead-service's stage machine: a customer stays a customer. False when the lead did not move. */
    private boolean moveStage(LeadContact lead, LifecycleStage to) {
        if (SendEngine.stage(lead) == LifecycleStage.CUSTOMER) {
            return false;
        }
        lead.stage = to.code();
        lead.updatedAt = clock.instant();
        return true;
    }

    /**
     * The merged lead's open enrolments move to the remaining lead, unless it is in that campaign already; its send
     * log moves too, so the frequency cap and "sent before" see one person.
     */
    private void merge(LeadsMerged merged) {
        String remaining = merged.leadId();
        String gone = merged.mergedLeadId();
        leads.locked(gone).ifPresent(lead -> {
            lead.mergedInto = remaining;
            lead.updatedAt = clock.instant();
        });
        for (Enrollment enrollment : enrollments.openOf(gone)) {
            if (enrollments.open(enrollment.campaignId, remaining).isPresent()) {
                enrollmentService.exit(enrollment, "merged");
            } else {
                enrollment.leadId = remaining;
            }
        }
        enrollments.flush();
        sendLog.moveLead(gone, remaining);
    }

    private void erase(String leadId) {
        enrollmentService.exitAll(leadId, "erased");
        enrollments.flush();
        sendLog.eraseLead(leadId);
        suppressions.eraseLead(leadId);
        em.createNativeQuery("update enrollment set lead_id = 'erased', enrolled_by = null, pause_reason = null,"
                + " paused_by = null where lead_id = ?1").setParameter(1, leadId).executeUpdate();
        em.createNativeQuery("delete from lead_conversion where lead_id = ?1").setParameter(1, leadId).executeUpdate();
        leads.deleteById(leadId);
    }

    private LeadContact upsert(String leadId, LeadProfile profile) {
        LeadContact lead = leads.locked(leadId).orElse(null);
        boolean created = lead == null;
        if (created) {
            lead = new LeadContact();
            lead.leadId = leadId;
        }
        lead.email = profile.email();
        lead.firstName = profile.firstName();
        lead.lastName = profile.lastName();
        lead.company = profile.company();
        lead.jobTitle = profile.jobTitle();
        lead.country = profile.country();
        lead.timezone = profile.timezone();
        lead.locale = profile.locale();
        lead.ownerId = profile.ownerId();
        lead.emailConsent = profile.emailConsent();
        lead.stage = profile.stage().code();
        lead.attributes = Json.write(profile.attributes());
        lead.updatedAt = clock.instant();
        if (created) {
            leads.persist(lead);
        }
        leads.flush();
        return lead;
    }

    private List<Campaign> active() {
        return campaigns.list("state", CampaignState.ACTIVE);
    }

    /** The rep's details for templates, from their token (name, email claims) whenever they call the API. */
    @Transactional
    public void rememberOwner(Caller actor) {
        if (actor.name() == null && actor.email() == null) {
            return;
        }
        OwnerProfile owner = owners.findById(actor.subject());
        if (owner == null) {
            owner = new OwnerProfile();
            owner.ownerId = actor.subject();
            owners.persist(owner);
        }
        if (actor.name() != null) {
            owner.name = actor.name();
        }
        if (actor.email() != null) {
            owner.email = actor.email();
        }
    }
}
