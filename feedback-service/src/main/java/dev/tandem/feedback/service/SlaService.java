package dev.tandem.feedback.service;

import dev.tandem.events.LeadRejected;
import dev.tandem.events.RejectReason;
import dev.tandem.events.TandemEvent;
import dev.tandem.feedback.LeadCopy;
import dev.tandem.feedback.ReasonCode;
import dev.tandem.feedback.Rep;
import dev.tandem.feedback.config.FeedbackConfig;
import dev.tandem.feedback.repository.LeadCopyRepository;
import dev.tandem.feedback.repository.ReasonCodeRepository;
import dev.tandem.feedback.repository.RepRepository;
import dev.tandem.platform.calendar.BusinessCalendar;
import dev.tandem.platform.outbox.sql.SqlOutbox;
import dev.tandem.platform.security.Caller;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The service-level agreement between the teams, measured on each rep's business calendar. Sales: first touch
 * within {@code first-touch-days} of the MQL, a deal opened or the lead rejected within {@code decision-days} of
 * acceptance. Marketing: {@code monthly-mqls} MQLs per month. An MQL still untouched {@code recycle-after-days}
 * business days past its first-touch deadline is rejected by the system with reason {@value ReasonCode#SLA_UNTOUCHED}
 * (LeadRejected, so lead-service recycles it and nurture takes it back): no lead is left behind.
 */
@ApplicationScoped
public class SlaService {

    public static final String SYSTEM = "feedback-service:sla";
    private static final Logger LOG = Logger.getLogger(SlaService.class);

    @Inject
    LeadCopyRepository leads;

    @Inject
    RepRepository reps;

    @Inject
    ReasonCodeRepository reasons;

    @Inject
    Calendars calendars;

    @Inject
    FeedbackConfig config;

    @Inject
    SqlOutbox outbox;

    public record Breach(String side, String kind, String leadId, String ownerId, Instant startedAt, Instant dueAt,
                         Instant metAt, long overdueMinutes) {
    }

    public record MarketingDelivery(String month, long delivered, int committed, boolean met) {
    }

    public record Breaches(List<Breach> sales, MarketingDelivery marketing) {
    }

    /** Breaches whose deadline falls in [from, to): sales' per lead, marketing's for the month of {@code to}. */
    @Transactional
    public Breaches breaches(Instant from, Instant to, Caller caller, Instant now) {
        List<LeadCopy> candidates = caller.onlyOwnLeads()
                ? leads.list("ownerId = ?1 and (mqlAt is not null or acceptedAt is not null)", caller.subject())
                : leads.list("mqlAt is not null or acceptedAt is not null");
        List<Breach> sales = new ArrayList<>();
        for (LeadCopy lead : candidates) {
            BusinessCalendar calendar = calendars.ofRep(lead.ownerId == null ? null : reps.findById(lead.ownerId));
            if (lead.mqlAt != null) {
                Instant due = SlaClock.due(calendar, lead.mqlAt, config.sla().firstTouchDays());
                breach("first_touch", lead, lead.mqlAt, due, lead.firstTouchAt, from, to, now).ifPresent(sales::add);
            }
            if (lead.acceptedAt != null) {
                Instant due = SlaClock.due(calendar, lead.acceptedAt, config.sla().decisionDays());
                breach("decision", lead, lead.acceptedAt, due, lead.decidedAt, from, to, now).ifPresent(sales::add);
            }
        }
        sales.sort(java.util.Comparator.comparing(Breach::dueAt).thenComparing(Breach::leadId));
        YearMonth month = YearMonth.from(ZonedDateTime.ofInstant(to.minusMillis(1), config.zone()));
        Instant monthStart = month.atDay(1).atStartOfDay(config.zone()).toInstant();
        Instant monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(config.zone()).toInstant();
        long delivered = ((Number) Panache.getEntityManager().createNativeQuery(
                        "SELECT count(DISTINCT lead_id) FROM stage_fact WHERE stage = 'mql' AND at >= ?1 AND at < ?2")
                .setParameter(1, monthStart).setParameter(2, monthEnd).getSingleResult()).longValue();
        int committed = config.sla().monthlyMqls();
        return new Breaches(sales, new MarketingDelivery(month.toString(), delivered, committed, delivered >= committed));
    }

    private static java.util.Optional<Breach> breach(String kind, LeadCopy lead, Instant start, Instant due, Instant met,
                                                     Instant from, Instant to, Instant now) {
        boolean late = met != null ? met.isAfter(due) : now.isAfter(due);
        if (!late || due.isBefore(from) || !due.isBefore(to)) {
            return java.util.Optional.empty();
        }
        Instant end = met != null ? met : now;
        return java.util.Optional.of(new Breach("sales", kind, lead.id, lead.ownerId, start, due, met,
                java.time.Duration.between(due, end).toMinutes()));
    }

    @Scheduled(every = "${tandem.feedback.sla.check-every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRecycle() {
        if (!config.sla().recycleOnSchedule()) {
            return;
        }
        int recycled = recycleUntouched(Instant.now());
        if (recycled > 0) {
            LOG.infof("recycled %d MQLs left untouched past their SLA", recycled);
        }
    }

    /** Sends back to nurture every owned MQL still untouched past its first-touch deadline plus the grace. */
    @Transactional
    public int recycleUntouched(Instant now) {
        ReasonCode reason = reasons.findById(ReasonCode.SLA_UNTOUCHED);
        List<LeadCopy> untouched = leads.list("stage = 'mql' and firstTouchAt is null and mqlAt is not null"
                + " and erasedAt is null");
        int recycled = 0;
        for (LeadCopy candidate : untouched) {
            Rep owner = candidate.ownerId == null ? null : reps.findById(candidate.ownerId);
            BusinessCalendar calendar = calendars.ofRep(owner);
            Instant due = SlaClock.due(calendar, candidate.mqlAt, config.sla().firstTouchDays());
            LocalDate dueDay = due.atZone(calendar.zone()).toLocalDate();
            LocalDate recycleDay = dueDay;
            for (int i = 0; i < config.sla().recycleAfterDays(); i++) {
                recycleDay = calendar.nextBusinessDay(recycleDay);
            }
            List<dev.tandem.platform.calendar.OpenSpan> spans = calendar.openSpans(recycleDay);
            Instant recycleAt = spans.get(spans.size() - 1).end();
            if (now.isBefore(recycleAt)) {
                continue;
            }
            LeadCopy lead = leads.findById(candidate.id, LockModeType.PESSIMISTIC_WRITE);
            if (!"mql".equals(lead.stage) || lead.firstTouchAt != null) {
                continue;
            }
            String label = reason == null ? "SLA超過（未対応）" : reason.labelJa;
            outbox.add(new LeadRejected(UUID.randomUUID(), now, lead.id, TandemEvent.SCHEMA_VERSION,
                    RejectReason.NEEDS_NURTURE, ReasonCode.SLA_UNTOUCHED, "[" + ReasonCode.SLA_UNTOUCHED + "] " + label + ": no touch by "
                    + due, SYSTEM));
            lead.stage = "recycled";
            lead.recycledAt = now;
            lead.decidedAt = now;
            lead.updatedAt = now;
            recycled++;
        }
        return recycled;
    }
}
