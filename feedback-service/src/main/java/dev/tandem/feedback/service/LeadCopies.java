package dev.tandem.feedback.service;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.EmailBounced;
import dev.tandem.events.EmailComplained;
import dev.tandem.events.EmailSent;
import dev.tandem.events.EnrollmentExited;
import dev.tandem.events.EnrollmentStarted;
import dev.tandem.events.NurtureEvent;
import dev.tandem.events.Unsubscribed;
import dev.tandem.events.LeadCreated;
import dev.tandem.events.LeadErased;
import dev.tandem.events.LeadOwnerAssigned;
import dev.tandem.events.LeadProfile;
import dev.tandem.events.LeadQualified;
import dev.tandem.events.LeadRouted;
import dev.tandem.events.LeadStageChanged;
import dev.tandem.events.LeadUpdated;
import dev.tandem.events.LeadsMerged;
import dev.tandem.events.ScoreChanged;
import dev.tandem.events.TandemEvent;
import dev.tandem.feedback.LeadCopy;
import dev.tandem.feedback.Rep;
import dev.tandem.feedback.config.FeedbackConfig;
import dev.tandem.feedback.repository.LeadCopyRepository;
import dev.tandem.feedback.repository.RepRepository;
import dev.tandem.platform.outbox.sql.ProcessedEvents;
import dev.tandem.platform.outbox.sql.SqlOutbox;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps the local copy of leads from lead, score and activity events, records funnel facts, and routes a new MQL
 * nobody owns (LeadRouted through the outbox, in the same transaction as the copy). Each event takes effect once
 * ({@link ProcessedEvents}).
 */
@ApplicationScoped
public class LeadCopies {

    static final String CONSUMER = "feedback-leads";
    public static final String ROUTER = "feedback-service";
    private static final Logger LOG = Logger.getLogger(LeadCopies.class);

    @Inject
    LeadCopyRepository leads;

    @Inject
    RepRepository reps;

    @Inject
    ProcessedEvents processed;

    @Inject
    SqlOutbox outbox;

    @Inject
    FeedbackConfig config;

    @Inject
    KgiFunnel funnel;

    @Transactional
    public void apply(List<? extends TandemEvent> events) {
        Set<String> funnelLeads = new HashSet<>();
        for (TandemEvent event : events) {
            if (processed.firstTime(event.eventId(), CONSUMER)) {
                applyOne(event);
                funnelLeads.addAll(funnelLeads(event));
            }
        }
        funnel.refresh(funnelLeads);
    }

    /** The leads whose KGI funnel row an event may change: a new fact, or a new source, campaign or owner. */
    private static List<String> funnelLeads(TandemEvent event) {
        if (event instanceof LeadsMerged merged) {
            return List.of(merged.mergedLeadId(), merged.leadId());
        }
        if (event instanceof LeadCreated || event instanceof LeadUpdated || event instanceof LeadStageChanged
                || event instanceof LeadOwnerAssigned || event instanceof LeadQualified) {
            return List.of(event.leadId());
        }
        return List.of();
    }

    private void applyOne(TandemEvent event) {
        Instant now = Instant.now();
        if (event instanceof LeadCreated created) {
            profile(copy(created.leadId(), now), created.lead(), now);
        } else if (event instanceof LeadUpdated updated) {
            profile(copy(updated.leadId(), now), updated.lead(), now);
        } else if (event instanceof LeadStageChanged changed) {
            LeadCopy lead = copy(changed.leadId(), now);
            lead.stage = changed.to().code();
            if ("mql".equals(lead.stage) && lead.mqlAt == null) {
                lead.mqlAt = changed.occurredAt();
            }
            lead.updatedAt = now;
            fact(changed.leadId(), changed.to().code(), changed.occurredAt(), changed.eventId());
        } else if (event instanceof LeadOwnerAssigned assigned) {
            LeadCopy lead = copy(assigned.leadId(), now);
            lead.ownerId = assigned.ownerId();
            lead.updatedAt = now;
        } else if (event instanceof ScoreChanged score && score.primary()) {
            LeadCopy lead = copy(score.leadId(), now);
            lead.score = score.total();
            lead.grade = score.grade();
            lead.topReasons = score.topReasons();
            lead.updatedAt = now;
        } else if (event instanceof LeadQualified qualified) {
            qualified(qualified, now);
        } else if (event instanceof ActivityRecorded activity) {
            LeadCopy lead = leads.findById(activity.leadId(), LockModeType.PESSIMISTIC_WRITE);
            if (lead != null && (lead.lastActivityAt == null || activity.occurredAt().isAfter(lead.lastActivityAt))) {
                lead.lastActivityAt = activity.occurredAt();
            }
        } else if (event instanceof LeadsMerged merged) {
            merge(merged.mergedLeadId(), merged.leadId());
        } else if (event instanceof LeadErased erased) {
            erase(erased.leadId());
        } else if (event instanceof NurtureEvent nurture) {
            nurtureFact(nurture);
        }
    }

    /** One row per nurture event (ids, kinds and times only: nothing personal), for the digest's nurture figures. */
    private static void nurtureFact(NurtureEvent event) {
        String kind;
        String campaign = null;
        String detail = null;
        if (event instanceof EmailSent sent) {
            kind = "email_sent";
            campaign = sent.campaignId();
        } else if (event instanceof EmailBounced bounced) {
            kind = "email_bounced";
            detail = bounced.bounceType() == null ? null : bounced.bounceType().name().toLowerCase(java.util.Locale.ROOT);
        } else if (event instanceof EmailComplained complained) {
            kind = "email_complained";
            campaign = complained.campaignId();
        } else if (event instanceof Unsubscribed unsubscribed) {
            kind = "unsubscribed";
            campaign = unsubscribed.campaignId();
        } else if (event instanceof EnrollmentStarted started) {
            kind = "enrollment_started";
            campaign = started.campaignId();
        } else if (event instanceof EnrollmentExited exited) {
            kind = "enrollment_exited";
            campaign = exited.campaignId();
            detail = exited.reason();
        } else {
            return;
        }
        Panache.getEntityManager().createNativeQuery("INSERT INTO nurture_fact (event_id, lead_id, kind, campaign_id,"
                        + " detail, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING")
                .setParameter(1, event.eventId()).setParameter(2, event.leadId()).setParameter(3, kind)
                .setParameter(4, campaign).setParameter(5, detail).setParameter(6, event.occurredAt()).executeUpdate();
    }

    private void qualified(LeadQualified qualified, Instant now) {
        LeadCopy lead = copy(qualified.leadId(), now);
        lead.score = qualified.total();
        if (lead.mqlAt == null || "recycled".equals(lead.stage)) {
            lead.mqlAt = qualified.occurredAt();
        }
        if (!List.of("sql", "opportunity", "customer").contains(lead.stage)) {
            lead.stage = "mql";
        }
        lead.updatedAt = now;
        if (lead.ownerId == null) {
            route(lead, now);
        }
    }

    /** Chooses the owner of an unowned MQL; no match leaves it in the pool. */
    void route(LeadCopy lead, Instant now) {
        List<Rep> all = reps.listAll();
        LocalDate today = LocalDate.ofInstant(now, config.zone());
        Router.Choice choice = Router.choose(all, lead, today);
        lead.teamId = choice.poolTeamId();
        if (choice.rep() == null) {
            LOG.debugf("lead %s matches no available rep: left in the pool of %s", lead.id, lead.teamId);
            return;
        }
        Rep rep = choice.rep();
        rep.routed++;
        lead.ownerId = rep.id;
        lead.routedAt = now;
        outbox.add(new LeadRouted(UUID.randomUUID(), now, lead.id, TandemEvent.SCHEMA_VERSION, rep.id, rep.teamId,
                choice.rule(), ROUTER));
    }

    /**
     * The lead's copy, created if missing, locked for this transaction: the lead, score and activity consumers (and
     * feedback requests) write the same rows from different threads; an insert that waits on another's uncommitted
     * row and a row lock serialise them instead of failing on a duplicate key or a stale version.
     */
    private LeadCopy copy(String leadId, Instant now) {
        Panache.getEntityManager().createNativeQuery("INSERT INTO lead_copy (id, stage, updated_at, version)"
                        + " VALUES (?1, 'lead', ?2, 0) ON CONFLICT (id) DO NOTHING")
                .setParameter(1, leadId).setParameter(2, now).executeUpdate();
        return leads.findById(leadId, LockModeType.PESSIMISTIC_WRITE);
    }

    private static void profile(LeadCopy lead, LeadProfile profile, Instant now) {
        String name = ((profile.lastName() == null ? "" : profile.lastName()) + " "
                + (profile.firstName() == null ? "" : profile.firstName())).strip();
        lead.name = name.isEmpty() ? null : name;
        lead.company = profile.company();
        lead.email = profile.email();
        lead.country = profile.country();
        Object prefecture = profile.attributes().get("prefecture");
        lead.prefecture = prefecture == null ? null : prefecture.toString();
        lead.industry = profile.industry();
        lead.source = profile.source();
        lead.campaign = profile.campaign();
        lead.stage = profile.stage().code();
        if (profile.ownerId() != null) {
            lead.ownerId = profile.ownerId();
        }
        lead.updatedAt = now;
    }

    private static void fact(String leadId, String stage, Instant at, UUID eventId) {
        Panache.getEntityManager().createNativeQuery("INSERT INTO stage_fact (lead_id, stage, at, event_id)"
                        + " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING")
                .setParameter(1, leadId).setParameter(2, stage).setParameter(3, at).setParameter(4, eventId)
                .executeUpdate();
    }

    /** The merged lead's feedback, deals and facts now belong to the lead that remained. */
    private void merge(String gone, String survivor) {
        var em = Panache.getEntityManager();
        // A stage both leads entered at the same instant is one fact of the remaining lead (its key).
        em.createNativeQuery("DELETE FROM stage_fact g USING stage_fact s WHERE g.lead_id = ?2 AND s.lead_id = ?1"
                        + " AND s.stage = g.stage AND s.at = g.at")
                .setParameter(1, survivor).setParameter(2, gone).executeUpdate();
        for (String table : List.of("feedback", "deal", "stage_fact", "nurture_fact")) {
            em.createNativeQuery("UPDATE " + table + " SET lead_id = ?1 WHERE lead_id = ?2")
                    .setParameter(1, survivor).setParameter(2, gone).executeUpdate();
        }
        leads.deleteById(gone);
    }

    /**
     * Personal data goes: the copy's contact fields and the free-text notes, and the lead leaves every queue; counts
     * and money stay, anonymous (the KGI's facts).
     */
    private void erase(String leadId) {
        LeadCopy lead = leads.findById(leadId, LockModeType.PESSIMISTIC_WRITE);
        if (lead != null) {
            lead.name = null;
            lead.company = null;
            lead.email = null;
            lead.prefecture = null;
            lead.erasedAt = Instant.now();
            lead.updatedAt = lead.erasedAt;
        }
        var em = Panache.getEntityManager();
        em.createNativeQuery("UPDATE feedback SET note = NULL, detail = '{}' WHERE lead_id = ?1")
                .setParameter(1, leadId).executeUpdate();
        em.createNativeQuery("UPDATE deal SET name = NULL WHERE lead_id = ?1").setParameter(1, leadId).executeUpdate();
    }
}
