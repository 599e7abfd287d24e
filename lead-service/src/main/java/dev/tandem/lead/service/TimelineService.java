package dev.tandem.lead.service;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.EmailBounced;
import dev.tandem.events.EmailSent;
import dev.tandem.events.EnrollmentExited;
import dev.tandem.events.EnrollmentStarted;
import dev.tandem.events.LeadCreated;
import dev.tandem.events.LeadErased;
import dev.tandem.events.LeadEvent;
import dev.tandem.events.LeadOwnerAssigned;
import dev.tandem.events.LeadStageChanged;
import dev.tandem.events.LeadsMerged;
import dev.tandem.events.NurtureEvent;
import dev.tandem.events.Topics;
import dev.tandem.events.Unsubscribed;
import dev.tandem.lead.PageOf;
import dev.tandem.lead.TimelineEntry;
import dev.tandem.lead.repository.LeadDocuments;
import dev.tandem.lead.repository.TimelineRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one timeline sales and marketing both read, built from activity.events, lead.events and nurture.events.
 * Entries are keyed by the reporting event's id (an email send by its message id, whichever topic reports it),
 * so redelivery and double reporting leave one entry.
 */
@ApplicationScoped
public class TimelineService {

    @Inject
    TimelineRepository timeline;

    @Inject
    LeadService leads;

    public PageOf<TimelineEntry> read(String leadId, Set<String> types, Instant from, Instant to, boolean newestFirst,
                                      int page, int size, Actor actor) {
        leads.visible(leadId, actor);
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq(TimelineRepository.LEAD_ID, leadId)));
        if (!types.isEmpty()) {
            filters.add(Filters.in(TimelineRepository.TYPE, types));
        }
        if (from != null) {
            filters.add(Filters.gte(TimelineRepository.OCCURRED_AT, LeadDocuments.toDate(from)));
        }
        if (to != null) {
            filters.add(Filters.lt(TimelineRepository.OCCURRED_AT, LeadDocuments.toDate(to)));
        }
        Bson filter = Filters.and(filters);
        Bson sort = newestFirst
                ? Sorts.descending(TimelineRepository.OCCURRED_AT, "_id")
                : Sorts.ascending(TimelineRepository.OCCURRED_AT, "_id");
        List<TimelineEntry> items = timeline.find(filter, sort, page * size, size).stream()
                .map(TimelineService::toEntry).toList();
        return new PageOf<>(items, page, size, timeline.count(filter));
    }

    private static TimelineEntry toEntry(Document doc) {
        Document properties = doc.get("properties", Document.class);
        return new TimelineEntry(doc.getString("_id"), doc.getString(TimelineRepository.TYPE),
                LeadDocuments.toInstant(doc.get(TimelineRepository.OCCURRED_AT)), doc.getString("source"),
                doc.getString("origin"), properties == null ? Map.of() : new LinkedHashMap<>(properties));
    }

    public void record(ActivityRecorded event) {
        Optional<String> owner = leads.timelineOwner(event.leadId());
        if (owner.isEmpty()) {
            return;
        }
        String leadId = owner.get();
        String id = "email_sent".equals(event.activityType()) && event.properties().get("messageId") != null
                ? emailSentId(String.valueOf(event.properties().get("messageId"))) : event.eventId().toString();
        Map<String, Object> properties = new LinkedHashMap<>(event.properties());
        if (event.anonymousId() != null) {
            properties.put("anonymousId", event.anonymousId());
        }
        store(id, leadId, event.activityType(), event.occurredAt(), event.source(), Topics.ACTIVITY_EVENTS, properties);
        leads.touched(leadId, event.occurredAt());
    }

    public void record(LeadEvent event) {
        if (event instanceof LeadErased) {
            timeline.deleteByLead(event.leadId());
            return;
        }
        if (event instanceof LeadsMerged merged) {
            timeline.moveLead(merged.mergedLeadId(), merged.leadId());
            return;
        }
        Optional<String> owner = leads.timelineOwner(event.leadId());
        if (owner.isEmpty()) {
            return;
        }
        String leadId = owner.get();
        Map<String, Object> properties = new LinkedHashMap<>();
        String type;
        if (event instanceof LeadStageChanged changed) {
            type = "stage_changed";
            put(properties, "from", changed.from() == null ? null : changed.from().code());
            put(properties, "to", changed.to().code());
            put(properties, "cause", changed.cause());
            put(properties, "reason", changed.reason());
            put(properties, "by", changed.by());
        } else if (event instanceof LeadOwnerAssigned assigned) {
            type = "owner_assigned";
            put(properties, "ownerId", assigned.ownerId());
            put(properties, "previousOwnerId", assigned.previousOwnerId());
            put(properties, "by", assigned.by());
        } else if (event instanceof LeadCreated created) {
            type = "lead_created";
            put(properties, "source", created.lead().source());
            put(properties, "campaign", created.lead().campaign());
        } else {
            return;
        }
        store(event.eventId().toString(), leadId, type, event.occurredAt(), "lead-service", Topics.LEAD_EVENTS, properties);
    }

    public void record(NurtureEvent event) {
        Optional<String> owner = leads.timelineOwner(event.leadId());
        if (owner.isEmpty()) {
            return;
        }
        String leadId = owner.get();
        Map<String, Object> properties = new LinkedHashMap<>();
        String id = event.eventId().toString();
        String type;
        if (event instanceof EmailSent sent) {
            type = "email_sent";
            id = emailSentId(sent.messageId());
            put(properties, "campaignId", sent.campaignId());
            put(properties, "stepId", sent.stepId());
            put(properties, "messageId", sent.messageId());
            put(properties, "subject", sent.subject());
        } else if (event instanceof EmailBounced bounced) {
            type = "email_bounced";
            put(properties, "messageId", bounced.messageId());
            put(properties, "bounceType", bounced.bounceType().code());
            put(properties, "reason", bounced.reason());
        } else if (event instanceof Unsubscribed unsubscribed) {
            type = "unsubscribed";
            put(properties, "channel", unsubscribed.channel());
            put(properties, "campaignId", unsubscribed.campaignId());
        } else if (event instanceof EnrollmentStarted started) {
            type = "enrollment_started";
            put(properties, "campaignId", started.campaignId());
        } else if (event instanceof EnrollmentExited exited) {
            type = "enrollment_exited";
            put(properties, "campaignId", exited.campaignId());
            put(properties, "reason", exited.reason());
        } else {
            return;
        }
        store(id, leadId, type, event.occurredAt(), "nurture-service", Topics.NURTURE_EVENTS, properties);
    }

    private static String emailSentId(String messageId) {
        return "email_sent:" + messageId;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private void store(String id, String leadId, String type, Instant occurredAt, String source, String origin,
                       Map<String, Object> properties) {
        Document entry = new Document("_id", id)
                .append(TimelineRepository.LEAD_ID, leadId)
                .append(TimelineRepository.TYPE, type)
                .append(TimelineRepository.OCCURRED_AT, LeadDocuments.toDate(occurredAt))
                .append("source", source)
                .append("origin", origin)
                .append("properties", new Document(properties));
        timeline.insert(entry);
    }
}
