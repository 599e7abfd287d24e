package dev.tandem.feedback.service;

import dev.tandem.events.LeadRouted;
import dev.tandem.events.ScoreReason;
import dev.tandem.events.TandemEvent;
import dev.tandem.feedback.FeedbackEntry;
import dev.tandem.feedback.LeadCopy;
import dev.tandem.feedback.Rep;
import dev.tandem.feedback.config.FeedbackConfig;
import dev.tandem.feedback.repository.FeedbackEntryRepository;
import dev.tandem.feedback.repository.LeadCopyRepository;
import dev.tandem.feedback.repository.RepRepository;
import dev.tandem.platform.calendar.BusinessCalendar;
import dev.tandem.platform.outbox.sql.SqlOutbox;
import dev.tandem.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** A rep's queue (own open leads and the claimable pool, most urgent first) and claims from the pool. */
@ApplicationScoped
public class QueueService {

    static final List<String> OPEN_STAGES = List.of("mql", "sql", "opportunity");
    private static final int LAST_TOUCHES = 3;

    @Inject
    LeadCopyRepository leads;

    @Inject
    KgiFunnel funnel;

    @Inject
    RepRepository reps;

    @Inject
    FeedbackEntryRepository entries;

    @Inject
    Calendars calendars;

    @Inject
    FeedbackConfig config;

    @Inject
    SqlOutbox outbox;

    public record Touch(String type, Instant at, String outcome) {
    }

    public record QueueItem(String leadId, String name, String company, String stage, Double score, String grade,
                            List<ScoreReason> topReasons, boolean claimable, Instant slaDueAt, String slaKind, Instant lastActivityAt,
                            List<Touch> lastTouches) {
    }

    @Transactional
    public List<QueueItem> queue(Caller caller) {
        Rep rep = reps.findById(caller.subject());
        BusinessCalendar calendar = calendars.ofRep(rep);
        List<LeadCopy> mine = leads.list("ownerId = ?1 and stage in ?2 and erasedAt is null", caller.subject(),
                OPEN_STAGES);
        List<LeadCopy> pool = rep == null
                ? leads.list("ownerId is null and stage = 'mql' and teamId is null and erasedAt is null")
                : leads.list("ownerId is null and stage = 'mql' and (teamId is null or teamId = ?1) and erasedAt is null",
                rep.teamId);
        List<LeadCopy> all = new ArrayList<>(mine);
        all.addAll(pool);
        Map<String, List<Touch>> touches = lastTouches(all.stream().map(l -> l.id).toList());
        Comparator<QueueItem> urgency = Comparator
                .comparing(QueueItem::slaDueAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(QueueItem::score, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(QueueItem::lastActivityAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(QueueItem::leadId);
        return all.stream().map(lead -> item(lead, calendar, touches.getOrDefault(lead.id, List.of())))
                .sorted(urgency).toList();
    }

    private QueueItem item(LeadCopy lead, BusinessCalendar calendar, List<Touch> lastTouches) {
        Instant due = null;
        String kind = null;
        if ("mql".equals(lead.stage) && lead.firstTouchAt == null && lead.mqlAt != null) {
            due = SlaClock.due(calendar, lead.mqlAt, config.sla().firstTouchDays());
            kind = "first_touch";
        } else if ("sql".equals(lead.stage) && lead.acceptedAt != null) {
            due = SlaClock.due(calendar, lead.acceptedAt, config.sla().decisionDays());
            kind = "decision";
        }
        return new QueueItem(lead.id, lead.name, lead.company, lead.stage, lead.score, lead.grade,
                lead.topReasons, lead.claimable(),
                due, kind, lead.lastActivityAt, lastTouches);
    }

    private Map<String, List<Touch>> lastTouches(List<String> leadIds) {
        if (leadIds.isEmpty()) {
            return Map.of();
        }
        List<FeedbackEntry> found = entries.list("leadId in ?1 and kind = 'touch' order by occurredAt desc", leadIds);
        return found.stream().collect(Collectors.groupingBy(e -> e.leadId, Collectors.collectingAndThen(
                Collectors.toList(), list -> list.stream().limit(LAST_TOUCHES)
                        .map(e -> new Touch(touchType(e.detail), e.occurredAt, touchOutcome(e.detail))).toList())));
    }

    private static String touchType(String detail) {
        return field(detail, "type");
    }

    private static String touchOutcome(String detail) {
        return field(detail, "outcome");
    }

    private static String field(String detail, String name) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(detail).path("touch").path(name);
            return node.isTextual() ? node.asText() : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null;
        }
    }

    /** The first claim of a pool lead wins (row lock); any later one gets 409. */
    @Transactional
    public LeadCopy claim(Caller caller, String leadId) {
        LeadCopy lead = leads.findById(leadId, LockModeType.PESSIMISTIC_WRITE);
        if (lead == null) {
            throw new NotFoundException("no lead '" + leadId + "'");
        }
        if (!lead.claimable()) {
            if (caller.onlyOwnLeads() && lead.ownerId == null) {
                throw new NotFoundException("no claimable lead '" + leadId + "'");
            }
            throw new ConflictException(lead.ownerId != null ? "the lead is already owned"
                    : "the lead is not an MQL waiting in the pool (stage '" + lead.stage + "')");
        }
        Rep rep = reps.findById(caller.subject());
        if (rep != null && lead.teamId != null && !lead.teamId.equals(rep.teamId)) {
            throw new NotFoundException("no claimable lead '" + leadId + "' in your team's pool");
        }
        Instant now = Instant.now();
        lead.ownerId = caller.subject();
        lead.routedAt = now;
        lead.updatedAt = now;
        if (rep != null) {
            rep.routed++;
        }
        outbox.add(new LeadRouted(UUID.randomUUID(), now, lead.id, TandemEvent.SCHEMA_VERSION, caller.subject(),
                rep == null ? lead.teamId : rep.teamId, Router.CLAIM, caller.subject()));
        funnel.refresh(List.of(lead.id));
        return lead;
    }
}
