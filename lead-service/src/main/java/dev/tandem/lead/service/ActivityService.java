package dev.tandem.lead.service;

import dev.tandem.events.IsoInstants;
import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.ActivityTypes;
import dev.tandem.events.TandemEvent;
import dev.tandem.lead.ActivityInput;
import dev.tandem.lead.ActivityRejection;
import dev.tandem.platform.http.FieldError;
import dev.tandem.lead.IngestResult;
import dev.tandem.platform.http.Problem;
import dev.tandem.lead.messaging.ActivityPublisher;
import dev.tandem.lead.repository.AnonymousActivityRepository;
import dev.tandem.lead.repository.LeadDocuments;
import dev.tandem.lead.repository.LeadRepository;
import dev.tandem.platform.idempotency.IdempotencyKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Activity ingestion: checks each item, finds its lead with one query per batch, publishes the known ones as
 * ActivityRecorded and waits for Kafka's acknowledgement; anonymous activity is kept until {@link #identify}.
 */
@ApplicationScoped
public class ActivityService {

    /** How far in the future an activity may claim to have happened (clock skew of trackers). */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    @Inject
    LeadRepository leads;

    @Inject
    AnonymousActivityRepository anonymous;

    @Inject
    ActivityPublisher publisher;

    /** An item that passed the syntactic checks, with its position in the request. */
    public record Item(int index, ActivityInput input) {
    }

    public IngestResult ingest(List<Item> items, List<ActivityRejection> alreadyRejected) {
        return ingest(items, alreadyRejected, null);
    }

    /**
     * Ingests with deterministic event ids: an activity's own {@code id}, else (the request has an Idempotency-Key)
     * one derived from the key and the activity's index, else a random one. So a retry of a request whose first
     * attempt published and then died publishes the same events again, and consumers apply each once.
     */
    public IngestResult ingest(List<Item> items, List<ActivityRejection> alreadyRejected, IdempotencyKey key) {
        List<ActivityRejection> rejected = new ArrayList<>(alreadyRejected);
        Instant now = Instant.now();
        List<Item> valid = new ArrayList<>();
        for (Item item : items) {
            List<FieldError> errors = check(item.input(), now);
            if (errors.isEmpty()) {
                valid.add(item);
            } else {
                rejected.add(new ActivityRejection(item.index(), invalid(errors)));
            }
        }
        Targets targets = resolve(valid);
        List<ActivityRecorded> events = new ArrayList<>();
        List<Document> unidentified = new ArrayList<>();
        for (Item item : valid) {
            ActivityInput in = item.input();
            Instant at = in.occurredAt() == null ? now : in.occurredAt();
            Map<String, Object> properties = in.properties() == null ? Map.of() : normalised(in.properties());
            String source = in.source() == null ? "api" : in.source();
            String leadId = targets.leadOf(in);
            if (leadId != null) {
                events.add(new ActivityRecorded(eventIdOf(item, key), at, leadId, TandemEvent.SCHEMA_VERSION, in.type(),
                        in.anonymousId(), source, properties));
            } else if (in.leadId() == null && in.email() == null && in.anonymousId() != null) {
                unidentified.add(new Document("_id", eventIdOf(item, key).toString())
                        .append(AnonymousActivityRepository.ANONYMOUS_ID, in.anonymousId())
                        .append("activityType", in.type())
                        .append("occurredAt", LeadDocuments.toDate(at))
                        .append("source", source)
                        .append("properties", new Document(properties)));
            } else {
                String field = in.leadId() != null ? "leadId" : "email";
                rejected.add(new ActivityRejection(item.index(), Problem.of(404, "lead-not-found", "Lead not found",
                        "no lead matches the activity's " + field).withErrors(List.of(new FieldError(field, "no such lead")))));
            }
        }
        publisher.publishAll(events);
        anonymous.insertAll(unidentified);
        rejected.sort(Comparator.comparingInt(ActivityRejection::index));
        return new IngestResult(events.size() + unidentified.size(), rejected);
    }

    private static UUID eventIdOf(Item item, IdempotencyKey key) {
        if (item.input().id() != null) {
            return item.input().id();
        }
        return key == null ? UUID.randomUUID() : key.derive("activity", String.valueOf(item.index()));
    }

    public static Problem invalid(List<FieldError> errors) {
        return Problem.of(400, "invalid-activity", "Invalid activity",
                errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message() : "the activity has invalid fields")
                .withErrors(errors);
    }

    static List<FieldError> check(ActivityInput in, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (blank(in.leadId()) && blank(in.email()) && blank(in.anonymousId())) {
            errors.add(new FieldError("leadId", "one of leadId, email or anonymousId is required"));
        }
        if (!ActivityTypes.isValid(in.type())) {
            errors.add(new FieldError("type", "must be one of " + new java.util.TreeSet<>(ActivityTypes.STANDARD)
                    + " or custom:<name>"));
        }
        if (in.occurredAt() != null && !IsoInstants.inSupportedRange(in.occurredAt())) {
            errors.add(new FieldError("occurredAt", "must lie in the years 0001 to 9999"));
        } else if (in.occurredAt() != null && in.occurredAt().isAfter(now.plus(MAX_FUTURE))) {
            errors.add(new FieldError("occurredAt", "is more than 5 minutes in the future"));
        }
        if (in.email() != null && !in.email().contains("@")) {
            errors.add(new FieldError("email", "must be a well-formed email address"));
        }
        if (in.properties() != null) {
            for (Map.Entry<String, Object> property : in.properties().entrySet()) {
                String key = property.getKey();
                Object value = LeadService.scalar(property.getValue());
                if (key.isEmpty() || key.length() > 64 || key.startsWith("$") || key.contains(".")) {
                    errors.add(new FieldError("properties." + key, "a key has 1 to 64 characters and no '.' or leading '$'"));
                } else if (value == null) {
                    errors.add(new FieldError("properties." + key, "must be a string, number or boolean"));
                } else if (value instanceof String text && text.length() > ActivityInput.MAX_PROPERTY_TEXT) {
                    errors.add(new FieldError("properties." + key,
                            "is longer than " + ActivityInput.MAX_PROPERTY_TEXT + " characters"));
                }
            }
        }
        return errors;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static Map<String, Object> normalised(Map<String, Object> properties) {
        Map<String, Object> copy = new LinkedHashMap<>();
        properties.forEach((key, value) -> copy.put(key, LeadService.scalar(value)));
        return copy;
    }

    /** The leads named by a batch, found with one query for ids and emails and one for anonymous ids. */
    private Targets resolve(List<Item> items) {
        Set<String> ids = new HashSet<>();
        Set<String> emails = new HashSet<>();
        Set<String> anonymousIds = new HashSet<>();
        for (Item item : items) {
            if (item.input().leadId() != null) {
                ids.add(item.input().leadId());
            } else if (item.input().email() != null) {
                emails.add(LeadDocuments.normaliseEmail(item.input().email()));
            } else {
                anonymousIds.add(item.input().anonymousId());
            }
        }
        Map<String, String> anonymousLeads = anonymous.leadsOf(anonymousIds);
        ids.addAll(anonymousLeads.values());
        Map<String, String> byId = new HashMap<>();
        Map<String, String> byEmail = new HashMap<>();
        // One query per indexed field (_id, email): an $or would scan the collection on the local Mongo-wire server.
        List<Document> found = new ArrayList<>();
        if (!ids.isEmpty()) {
            found.addAll(leads.findMarkers(LeadDocuments.ID, ids));
        }
        if (!emails.isEmpty()) {
            found.addAll(leads.findMarkers(LeadDocuments.EMAIL, emails));
        }
        Set<String> mergedTargets = new HashSet<>();
        for (Document doc : found) {
            if (Boolean.TRUE.equals(doc.getBoolean(LeadDocuments.ERASED))) {
                continue;
            }
            String merged = doc.getString(LeadDocuments.MERGED_INTO);
            String id = merged != null ? merged : doc.getString(LeadDocuments.ID);
            if (merged != null) {
                mergedTargets.add(merged);
            }
            byId.put(doc.getString(LeadDocuments.ID), id);
            if (doc.getString(LeadDocuments.EMAIL) != null) {
                byEmail.put(doc.getString(LeadDocuments.EMAIL), id);
            }
        }
        if (!mergedTargets.isEmpty()) {
            Set<String> alive = new HashSet<>();
            leads.findMarkers(LeadDocuments.ID, mergedTargets).stream()
                    .filter(LeadRepository::isLive)
                    .forEach(doc -> alive.add(doc.getString(LeadDocuments.ID)));
            byId.values().removeIf(target -> mergedTargets.contains(target) && !alive.contains(target));
        }
        return new Targets(byId, byEmail, anonymousLeads);
    }

    private record Targets(Map<String, String> byId, Map<String, String> byEmail, Map<String, String> byAnonymousId) {
        String leadOf(ActivityInput in) {
            if (in.leadId() != null) {
                return byId.get(in.leadId());
            }
            if (in.email() != null) {
                return byEmail.get(LeadDocuments.normaliseEmail(in.email()));
            }
            String linked = byAnonymousId.get(in.anonymousId());
            return linked == null ? null : byId.get(linked);
        }
    }

    /** What {@code POST /identify} did. */
    public record Identified(String leadId, int linked) {
    }

    /**
     * Links an anonymous visitor to the lead with this email and publishes their kept activity with the lead id,
     * under the event ids given at ingestion, so a retried identify is deduplicated by consumers.
     */
    public Identified identify(String anonymousId, String email) {
        String normalised = LeadDocuments.normaliseEmail(email);
        Document lead = leads.findByEmail(normalised)
                .filter(doc -> doc.getString(LeadDocuments.MERGED_INTO) == null
                        && !Boolean.TRUE.equals(doc.getBoolean(LeadDocuments.ERASED)))
                .orElseThrow(() -> LeadNotFoundException.forEmail(normalised));
        String leadId = lead.getString(LeadDocuments.ID);
        anonymous.link(anonymousId, leadId);
        List<Document> kept = anonymous.findByAnonymousId(anonymousId);
        List<ActivityRecorded> events = new ArrayList<>(kept.size());
        for (Document doc : kept) {
            Document properties = doc.get("properties", Document.class);
            events.add(new ActivityRecorded(UUID.fromString(doc.getString("_id")),
                    LeadDocuments.toInstant(doc.get("occurredAt")), leadId, TandemEvent.SCHEMA_VERSION,
                    doc.getString("activityType"), anonymousId, doc.getString("source"),
                    properties == null ? Map.of() : new LinkedHashMap<>(properties)));
        }
        publisher.publishAll(events);
        anonymous.deleteAll(kept.stream().map(doc -> doc.getString("_id")).toList());
        return new Identified(leadId, events.size());
    }
}
