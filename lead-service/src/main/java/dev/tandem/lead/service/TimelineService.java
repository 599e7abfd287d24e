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
import dev.tandem.events.TandemEvent;
import dev.tandem.events.Topics;
import dev.tandem.events.Unsubscribed;
import dev.tandem.lead.PageOf;
import dev.tandem.lead.TimelineEntry;
import dev.tandem.lead.repository.LeadDocuments;
import dev.tandem.lead.repository.TimelineRepository;
import dev.tandem.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
                                      int page, int size, Caller actor) {
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
        List<TimelineEntry> items = timeline.find(filter, sort, Math.multiplyExact(page, size), size).stream()
                .map(TimelineService::toEntry).toList();
        return new PageOf<>(items, page, size, timeline.count(filter));
    }

    private static TimelineEntry toEntry(Document doc) {
        Document properties = doc.get("properties", Document.class);
        return new TimelineEntry(doc.getString("_id"), doc.getString(TimelineRepository.TYPE),
                LeadDocuments.toInstant(doc.get(TimelineRepository.OCCURRED_AT)), doc.getString("source"),
                doc.getString("origin"), properties == null ? Map.of() : new LinkedHashMap<>(properties));
    }

    /**
     * Adds the timeline entries these events report, in order: one lookup of their leads and one bulk insert per
     * run of entries; an erase or merge in between is applied where it stands.
     */
    public void record(List<? extends TandemEvent> events) {
        List<Document> entries = new ArrayList<>();
        for (TandemEvent event : events) {
            if (event instanceof LeadErased || event instanceof LeadsMerged) {
                store(entries);
                entries.clear();
                if (event instanceof LeadsMerged merged) {
                    // Also finishes a merge whose process stopped before the duplicate became a pointer.
                    leads.completeMerge(merged.leadId(), merged.mergedLeadId());
                } else {
                    timeline.deleteByLead(event.leadId());
                }
            } else {
                entry(event).ifPresent(entries::add);
            }
        }
        store(entries);
    }

    /** The entry an event reports, under the lead id it names, or empty when it reports none. */
    private static Optional<Document> entry(TandemEvent event) {
        if (event instanceof ActivityRecorded activity) {
            return Optional.of(entry(activity));
        }
        if (event instanceof LeadEvent leadEvent) {
            return entry(leadEvent);
        }
        if (event instanceof NurtureEvent nurtureEvent) {
            return entry(nurtureEvent);
        }
        return Optional.empty();
    }

    private static Document entry(ActivityRecorded event) {
        String id = "email_sent".equals(event.activityType()) && event.properties().get("messageId") != null
                ? emailSentId(String.valueOf(event.properties().get("messageId"))) : event.eventId().toString();
        Map<String, Object> properties = new LinkedHashMap<>(event.properties());
        if (event.anonymousId() != null) {
            properties.put("anonymousId", event.anonymousId());
        }
        return entry(id, event.leadId(), event.activityType(), event.occurredAt(), event.source(),
                Topics.ACTIVITY_EVENTS, properties);
    }

    private static Optional<Document> entry(LeadEvent event) {
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
            return Optional.empty();
        }
        return Optional.of(entry(event.eventId().toString(), event.leadId(), type, event.occurredAt(), "lead-service",
                Topics.LEAD_EVENTS, properties));
    }

    private static Optional<Document> entry(NurtureEvent event) {
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
            return Optional.empty();
        }
        return Optional.of(entry(id, event.leadId(), type, event.occurredAt(), "nurture-service", Topics.NURTURE_EVENTS,
                properties));
    }

    private static String emailSentId(String messageId) {
        return "email_sent:" + messageId;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static Document entry(String id, String leadId, String type, Instant occurredAt, String source,
                                  String origin, Map<String, Object> properties) {
        return new Document("_id", id)
                .append(TimelineRepository.LEAD_ID, leadId)
                .append(TimelineRepository.TYPE, type)
                .append(TimelineRepository.OCCURRED_AT, LeadDocuments.toDate(occurredAt))
                .append("source", source)
                .append("origin", origin)
                .append("properties", new Document(properties));
    }

    /**
     * Stores entries on the lead each belongs on (the one a merged lead went into; none for an erased lead), and
     * keeps the latest activity time of each lead. Entries stored before are left as they are.
     */
    private void store(List<Document> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Set<String> named = new HashSet<>();
        entries.forEach(entry -> named.add(entry.getString(TimelineRepository.LEAD_ID)));
        Map<String, String> owners = leads.timelineOwners(named);
        List<Document> kept = new ArrayList<>(entries.size());
        Map<String, Instant> latestActivity = new HashMap<>();
        for (Document entry : entries) {
            String owner = owners.get(entry.getString(TimelineRepository.LEAD_ID));
            if (owner == null) {
                continue;
            }
            entry.put(TimelineRepository.LEAD_ID, owner);
            kept.add(entry);
            if (Topics.ACTIVITY_EVENTS.equals(entry.getString("origin"))) {
                latestActivity.merge(owner, LeadDocuments.toInstant(entry.get(TimelineRepository.OCCURRED_AT)),
                        (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        timeline.insertAll(kept);
        leads.touched(latestActivity);
    }
}
