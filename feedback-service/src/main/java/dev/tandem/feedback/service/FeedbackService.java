package dev.tandem.feedback.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.DealLossReason;
import dev.tandem.events.DealLost;
import dev.tandem.events.DealOpened;
import dev.tandem.events.DealWon;
import dev.tandem.events.LeadAccepted;
import dev.tandem.events.LeadRejected;
import dev.tandem.events.RejectReason;
import dev.tandem.events.TandemEvent;
import dev.tandem.feedback.Deal;
import dev.tandem.feedback.FeedbackEntry;
import dev.tandem.feedback.LeadCopy;
import dev.tandem.feedback.ReasonCode;
import dev.tandem.feedback.repository.DealRepository;
import dev.tandem.feedback.repository.FeedbackEntryRepository;
import dev.tandem.feedback.repository.LeadCopyRepository;
import dev.tandem.feedback.repository.ReasonCodeRepository;
import dev.tandem.platform.outbox.sql.SqlOutbox;
import dev.tandem.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Applies a rep's feedback: the entry, the lead copy, the deal and the events announcing them, in one transaction.
 * Ids come from the caller (derived from the Idempotency-Key), so a retry writes the same rows and events.
 */
@ApplicationScoped
public class FeedbackService {

    /** Activity source of touches logged by sales. */
    public static final String TOUCH_SOURCE = "sales";
    /** A touch may be logged a little ahead of this server's clock (a phone's clock drifts), not more. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    @Inject
    LeadCopyRepository leads;

    @Inject
    FeedbackEntryRepository entries;

    @Inject
    DealRepository deals;

    @Inject
    ReasonCodeRepository reasons;

    @Inject
    SqlOutbox outbox;

    @Inject
    ObjectMapper json;

    /** What a recorded item answers. */
    public record FeedbackResult(UUID id, String leadId, String action, Instant occurredAt, UUID eventId,
                                 String dealId, String stage) {
    }

    @Transactional
    public FeedbackResult apply(Caller caller, FeedbackItem item, UUID feedbackId, UUID eventId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        LeadCopy lead = leads.findById(item.leadId(), LockModeType.PESSIMISTIC_WRITE);
        // An erased lead takes no new feedback: a note would bring personal data back.
        if (lead == null || lead.erasedAt != null
                || (caller.onlyOwnLeads() && !caller.subject().equals(lead.ownerId))) {
            throw new NotFoundException("no lead '" + item.leadId() + "' of yours");
        }
        Instant at = item.occurredAt() == null ? now : item.occurredAt();
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            throw new InvalidInputException("occurredAt", "is in the future");
        }
        String by = caller.subject();
        String dealId = null;
        String reasonCode = null;
        TandemEvent event = null;
        switch (item.action()) {
            case "accept" -> {
                if (List.of("sql", "opportunity", "customer").contains(lead.stage)) {
                    throw new ConflictException("the lead is already accepted (stage '" + lead.stage + "')");
                }
                event = new LeadAccepted(eventId, at, lead.id, TandemEvent.SCHEMA_VERSION, by);
                lead.stage = "sql";
                lead.acceptedAt = at;
            }
            case "reject" -> {
                ReasonCode reason = reason(item.reasonCode());
                if ("customer".equals(lead.stage)) {
                    throw new ConflictException("a customer cannot be rejected");
                }
                reasonCode = reason.code;
                event = new LeadRejected(eventId, at, lead.id, TandemEvent.SCHEMA_VERSION,
                        RejectReason.fromCode(reason.eventReason), reason.code, noteWithReason(reason, item.note()), by);
                lead.stage = ReasonCode.RECYCLE.equals(reason.outcome) ? "recycled" : "disqualified";
                lead.decidedAt = at;
                if (lead.stage.equals("recycled")) {
                    lead.recycledAt = at;
                }
            }
            case "touch" -> {
                FeedbackItem.Touch touch = require(item.touch(), "touch");
                at = touch.occurredAt();
                if (at.isAfter(now.plus(CLOCK_SKEW))) {
                    throw new InvalidInputException("touch.occurredAt", "is in the future");
                }
                Map<String, Object> properties = new LinkedHashMap<>();
                properties.put("by", by);
                properties.put("feedbackId", feedbackId.toString());
                if (touch.durationMinutes() != null) {
                    properties.put("durationMinutes", touch.durationMinutes());
                }
                if (touch.outcome() != null) {
                    properties.put("outcome", touch.outcome());
                }
                if (item.note() != null) {
                    properties.put("note", item.note());
                }
                event = new ActivityRecorded(eventId, at, lead.id, TandemEvent.SCHEMA_VERSION, touch.type(), null,
                        TOUCH_SOURCE, properties);
                if (lead.firstTouchAt == null || at.isBefore(lead.firstTouchAt)) {
                    lead.firstTouchAt = at;
                }
                if (lead.lastActivityAt == null || at.isAfter(lead.lastActivityAt)) {
                    lead.lastActivityAt = at;
                }
            }
            case "dealOpened" -> {
                FeedbackItem.DealInput input = require(item.deal(), "deal");
                dealId = input.dealId() != null ? input.dealId() : "deal-" + feedbackId;
                if (deals.findById(dealId) != null) {
                    throw new ConflictException("deal '" + dealId + "' exists");
                }
                if (input.amount() != null || input.currency() != null) {
                    Money.check(input.amount(), input.currency(), "deal");
                }
                Deal deal = newDeal(dealId, lead, by, input, at);
                deals.persist(deal);
                event = new DealOpened(eventId, at, lead.id, TandemEvent.SCHEMA_VERSION, dealId, input.amount(),
                        input.currency(), by);
                lead.stage = "customer".equals(lead.stage) ? lead.stage : "opportunity";
                if (lead.decidedAt == null) {
                    lead.decidedAt = at;
                }
            }
            case "dealStage" -> {
                FeedbackItem.DealInput input = require(item.deal(), "deal");
                Deal deal = openDeal(lead, input);
                dealId = deal.id;
                if (input.stage() == null) {
                    throw new InvalidInputException("deal.stage", "is required");
                }
                deal.stage = input.stage();
                if (input.amount() != null || input.currency() != null) {
                    Money.check(input.amount(), input.currency(), "deal");
                    deal.amount = input.amount();
                    deal.currency = input.currency();
                }
                if (input.closeDate() != null) {
                    deal.closeDate = input.closeDate();
                }
            }
            case "dealWon" -> {
                FeedbackItem.DealInput input = require(item.deal(), "deal");
                Money.check(input.amount(), input.currency(), "deal");
                Deal deal = input.dealId() == null ? null : deals.findById(input.dealId());
                if (deal == null && input.dealId() == null) {
                    deal = soleOpenDeal(lead);
                }
                if (deal == null) {
                    // Won at once (a deal never logged as opened): the deal starts and ends here.
                    deal = newDeal(input.dealId() != null ? input.dealId() : "deal-" + feedbackId, lead, by, input, at);
                    deals.persist(deal);
                } else {
                    checkOpen(deal, lead);
                }
                deal.status = Deal.WON;
                deal.stage = "won";
                deal.amount = input.amount();
                deal.currency = input.currency();
                deal.closeDate = input.closeDate() != null ? input.closeDate() : at.atZone(java.time.ZoneOffset.UTC).toLocalDate();
                deal.closedAt = at;
                dealId = deal.id;
                event = new DealWon(eventId, at, lead.id, TandemEvent.SCHEMA_VERSION, deal.id, input.amount(),
                        input.currency(), by);
                lead.stage = "customer";
            }
            case "dealLost" -> {
                FeedbackItem.DealInput input = require(item.deal(), "deal");
                Deal deal = openDeal(lead, input);
                DealLossReason loss;
                try {
                    loss = DealLossReason.fromCode(input.lossReasonCode() == null ? "" : input.lossReasonCode());
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("deal.lossReasonCode", "must be one of price, competitor,"
                            + " no_decision, timing, missing_feature, other");
                }
                deal.status = Deal.LOST;
                deal.stage = "lost";
                deal.lossReason = loss.code();
                deal.closedAt = at;
                dealId = deal.id;
                reasonCode = loss.code();
                event = new DealLost(eventId, at, lead.id, TandemEvent.SCHEMA_VERSION, deal.id, loss, item.note(), by);
                if (!"customer".equals(lead.stage)) {
                    lead.stage = "recycled";
                    lead.recycledAt = at;
                }
            }
            case "note" -> {
                if (item.note() == null || item.note().isBlank()) {
                    throw new InvalidInputException("note", "is required for a note");
                }
            }
            default -> throw new InvalidInputException("action", "unknown action '" + item.action() + "'");
        }
        FeedbackEntry entry = new FeedbackEntry();
        entry.id = feedbackId;
        entry.leadId = lead.id;
        entry.repId = by;
        entry.kind = item.action();
        entry.occurredAt = at;
        entry.recordedAt = now;
        entry.reasonCode = reasonCode;
        entry.note = item.note();
        entry.detail = detail(item);
        entries.persist(entry);
        lead.updatedAt = now;
        if (event != null) {
            outbox.add(event);
        }
        return new FeedbackResult(feedbackId, lead.id, item.action(), at, event == null ? null : event.eventId(),
                dealId, lead.stage);
    }

    /** The lead's feedback, newest first; a sales rep sees only their own leads' (404 otherwise). */
    public List<FeedbackEntry> ofLead(Caller caller, String leadId) {
        visible(caller, leadId);
        return entries.list("leadId = ?1 order by occurredAt desc, recordedAt desc", leadId);
    }

    public List<Deal> dealsOf(Caller caller, String leadId) {
        visible(caller, leadId);
        return deals.list("leadId = ?1 order by openedAt", leadId);
    }

    public LeadCopy visible(Caller caller, String leadId) {
        LeadCopy lead = leads.findById(leadId);
        if (lead == null || (caller.onlyOwnLeads() && !caller.subject().equals(lead.ownerId))) {
            throw new NotFoundException("no lead '" + leadId + "'");
        }
        return lead;
    }

    private ReasonCode reason(String code) {
        if (code == null) {
            throw new InvalidInputException("reasonCode", "is required for a rejection");
        }
        ReasonCode reason = reasons.findById(code);
        if (reason == null || !reason.active) {
            throw new InvalidInputException("reasonCode", "'" + code + "' is not a reason code (see /reason-codes)");
        }
        return reason;
    }

    /** The note starts with the code and its label, so a person reading the lead's timeline sees why. */
    private static String noteWithReason(ReasonCode reason, String note) {
        return "[" + reason.code + "] " + reason.labelJa + (note == null || note.isBlank() ? "" : ": " + note);
    }

    private Deal openDeal(LeadCopy lead, FeedbackItem.DealInput input) {
        Deal deal = input.dealId() == null ? soleOpenDeal(lead) : deals.findById(input.dealId());
        if (deal == null) {
            throw new InvalidInputException("deal.dealId", input.dealId() == null
                    ? "name the deal: the lead has no single open deal" : "no deal '" + input.dealId() + "'");
        }
        checkOpen(deal, lead);
        return deal;
    }

    private static void checkOpen(Deal deal, LeadCopy lead) {
        if (!deal.leadId.equals(lead.id)) {
            throw new InvalidInputException("deal.dealId", "deal '" + deal.id + "' belongs to another lead");
        }
        if (!Deal.OPEN.equals(deal.status)) {
            throw new ConflictException("deal '" + deal.id + "' is already " + deal.status);
        }
    }

    private Deal soleOpenDeal(LeadCopy lead) {
        List<Deal> open = deals.list("leadId = ?1 and status = ?2", lead.id, Deal.OPEN);
        return open.size() == 1 ? open.get(0) : null;
    }

    private static Deal newDeal(String id, LeadCopy lead, String by, FeedbackItem.DealInput input, Instant at) {
        Deal deal = new Deal();
        deal.id = id;
        deal.leadId = lead.id;
        deal.ownerId = by;
        deal.name = input.name();
        deal.stage = input.stage() == null ? "open" : input.stage();
        deal.status = Deal.OPEN;
        deal.amount = input.amount();
        deal.currency = input.currency();
        deal.closeDate = input.closeDate();
        deal.openedAt = at;
        return deal;
    }

    private static <T> T require(T part, String field) {
        if (part == null) {
            throw new InvalidInputException(field, "is required for this action");
        }
        return part;
    }

    private String detail(FeedbackItem item) {
        try {
            Map<String, Object> detail = new LinkedHashMap<>();
            if (item.touch() != null) {
                detail.put("touch", item.touch());
            }
            if (item.deal() != null) {
                detail.put("deal", item.deal());
            }
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
