package dev.tandem.lead.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.tandem.events.LeadCreated;
import dev.tandem.events.LeadErased;
import dev.tandem.events.LeadOwnerAssigned;
import dev.tandem.events.LeadStageChanged;
import dev.tandem.events.LeadUpdated;
import dev.tandem.events.LeadsMerged;
import dev.tandem.events.LifecycleStage;
import dev.tandem.events.TandemEvent;
import dev.tandem.platform.outbox.OutboxRelay;
import dev.tandem.platform.outbox.PendingEvent;
import dev.tandem.platform.http.FieldError;
import dev.tandem.lead.Lead;
import dev.tandem.lead.LeadInput;
import dev.tandem.lead.PageOf;
import dev.tandem.lead.StageChange;
import dev.tandem.lead.messaging.LeadEventRelay;
import dev.tandem.lead.repository.AnonymousActivityRepository;
import dev.tandem.lead.repository.LeadDocuments;
import dev.tandem.lead.repository.LeadRepository;
import dev.tandem.lead.repository.TimelineRepository;
import dev.tandem.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.tandem.lead.repository.LeadDocuments.*;

/**
 * The lead's rules: create, merge-patch, erase, owner, stages. Every change is written together with the event
 * that announces it (one single-document update carrying the outbox entry), then announced to the relay.
 */
@ApplicationScoped
public class LeadService {

    private static final int MAX_RETRIES = 5;
    private static final Set<String> ISO_COUNTRIES = Set.of(java.util.Locale.getISOCountries());
    // Read once: getAvailableZoneIds() copies every zone id on each call, and an import checks every row.
    private static final Set<String> ZONE_IDS = Set.copyOf(ZoneId.getAvailableZoneIds());

    @Inject
    LeadRepository leads;

    @Inject
    TimelineRepository timeline;

    @Inject
    AnonymousActivityRepository anonymous;

    @Inject
    LeadEventRelay relay;

    @Inject
    Validator validator;

    @Inject
    ObjectMapper mapper;

    // ---- create ---------------------------------------------------------------------------------------------

    public Lead create(LeadInput input, Caller actor) {
        return create(input, actor, null);
    }

    /**
     * Creates a lead under {@code chosenId} (null: a random id). A retried create (its id derived from the request's
     * Idempotency-Key) whose first attempt stored the lead finds that lead and answers it instead of a duplicate.
     */
    public Lead create(LeadInput input, Caller actor, String chosenId) {
        LeadInput checked = check(input);
        Instant now = Instant.now();
        String id = chosenId != null ? chosenId : UUID.randomUUID().toString();
        Document doc = newLead(id, checked, now, actor).document();
        if (!leads.insert(doc)) {
            if (chosenId != null) {
                Document earlier = leads.findLive(chosenId)
                        .filter(found -> normaliseEmail(checked.email()).equals(found.getString(EMAIL)))
                        .orElse(null);
                if (earlier != null) {
                    return toLead(earlier);
                }
            }
            throw duplicate(normaliseEmail(checked.email()));
        }
        relay.announce(id);
        return toLead(doc);
    }

    /** A new lead's document, with the LeadCreated that announces it already in its outbox. */
    public record NewLead(Document document, PendingEvent created) {
    }

    public NewLead newLead(String id, LeadInput checked, Instant now, Caller actor) {
        Document profile = profile(checked);
        Document doc = new Document(ID, id);
        doc.putAll(profile);
        doc.put("search", searchKeys(profile));
        doc.put(STAGE, LifecycleStage.LEAD.code());
        doc.put(CREATED_AT, toDate(now));
        doc.put(UPDATED_AT, toDate(now));
        doc.put(VERSION, 1L);
        doc.put(HISTORY, List.of(historyEntry(
                new StageChange(null, LifecycleStage.LEAD, "created", null, null, actor.subject(), now))));
        Lead lead = toLead(doc);
        LeadCreated created = new LeadCreated(UUID.randomUUID(), now, id, TandemEvent.SCHEMA_VERSION, toProfile(lead));
        PendingEvent announced = PendingEvent.of(created);
        doc.put(OutboxRelay.FIELD, PendingEvent.outbox(List.of(announced)));
        return new NewLead(doc, announced);
    }

    private DuplicateLeadException duplicate(String email) {
        String existing = leads.findByEmail(email).map(d -> d.getString(ID)).orElse(null);
        return new DuplicateLeadException(email, existing);
    }

    // ---- read -----------------------------------------------------------------------------------------------

    public Lead get(String id, Caller actor) {
        return toLead(visible(id, actor));
    }

    public List<StageChange> history(String id, Caller actor) {
        List<StageChange> changes = new ArrayList<>(LeadDocuments.history(visible(id, actor)));
        changes.sort(Comparator.comparing(StageChange::at, Comparator.nullsFirst(Comparator.naturalOrder())));
        return changes;
    }

    /** The live lead, if the actor may see it; otherwise not found (no existence leak). */
    public Document visible(String id, Caller actor) {
        Document doc = leads.findLive(id).orElseThrow(() -> new LeadNotFoundException(id));
        String rep = actor.restrictedToOwner();
        if (rep != null) {
            String owner = doc.getString(OWNER);
            boolean own = rep.equals(owner);
            boolean unassignedMql = owner == null && LifecycleStage.MQL.code().equals(doc.getString(STAGE));
            if (!own && !unassignedMql) {
                throw new LeadNotFoundException(id);
            }
        }
        return doc;
    }

    public PageOf<Lead> list(LeadQuery query, Caller actor) {
        List<Bson> filters = new ArrayList<>();
        filters.add(LeadRepository.live());
        if (query.stage() != null) {
            filters.add(Filters.eq(STAGE, query.stage().code()));
        }
        if (query.ownerId() != null) {
            filters.add(Filters.eq(OWNER, query.ownerId()));
        }
        if (query.source() != null) {
            filters.add(Filters.eq(SOURCE, query.source()));
        }
        if (query.campaign() != null) {
            filters.add(Filters.eq(CAMPAIGN, query.campaign()));
        }
        if (query.q() != null && !query.q().isBlank()) {
            Pattern prefix = Pattern.compile("^" + escapeRegex(query.q().strip().toLowerCase(java.util.Locale.ROOT)));
            filters.add(Filters.or(Filters.regex(FIRST_NAME_KEY, prefix), Filters.regex(LAST_NAME_KEY, prefix),
                    Filters.regex(COMPANY_KEY, prefix), Filters.regex(EMAIL, prefix)));
        }
        if (query.minScore() != null) {
            filters.add(Filters.gte(SCORE, query.minScore()));
        }
        if (query.maxScore() != null) {
            filters.add(Filters.lte(SCORE, query.maxScore()));
        }
        if (query.createdFrom() != null) {
            filters.add(Filters.gte(CREATED_AT, toDate(query.createdFrom())));
        }
        if (query.createdTo() != null) {
            filters.add(Filters.lt(CREATED_AT, toDate(query.createdTo())));
        }
        String rep = actor.restrictedToOwner();
        if (rep != null) {
            filters.add(Filters.or(Filters.eq(OWNER, rep),
                    Filters.and(Filters.exists(OWNER, false), Filters.eq(STAGE, LifecycleStage.MQL.code()))));
        }
        Bson filter = Filters.and(filters);
        Bson sort = Sorts.orderBy(query.sort().descending()
                ? Sorts.descending(query.sort().field()) : Sorts.ascending(query.sort().field()), Sorts.ascending(ID));
        List<Lead> items = leads.find(filter, sort, Math.multiplyExact(query.page(), query.size()), query.size()).stream()
                .map(LeadDocuments::toLead).toList();
        return new PageOf<>(items, query.page(), query.size(), leads.count(filter));
    }

    static String escapeRegex(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if ("\\^$.|?*+()[]{}-/".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    // ---- merge patch ----------------------------------------------------------------------------------------

    /** Applies an RFC 7396 merge patch to the writable fields; read-only or unknown fields are refused. */
    public Lead patch(String id, JsonNode patch, Caller actor) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidInputException("body", "must be a JSON object (RFC 7396 merge patch)");
        }
        List<FieldError> refused = new ArrayList<>();
        patch.fieldNames().forEachRemaining(field -> {
            if (LeadInput.READ_ONLY.contains(field)) {
                refused.add(new FieldError(field, "is read-only"));
            } else if (!LeadInput.WRITABLE.contains(field)) {
                refused.add(new FieldError(field, "is not a lead field"));
            }
        });
        if (!refused.isEmpty()) {
            throw new InvalidInputException(refused);
        }
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Document doc = visible(id, actor);
            Lead current = toLead(doc);
            JsonNode merged = mergePatch(mapper.valueToTree(toInput(current)), patch);
            LeadInput input;
            try {
                input = mapper.treeToValue(merged, LeadInput.class);
            } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
                String field = FieldError.pathOf(e);
                throw new InvalidInputException(field.isEmpty() ? "body" : field, "has a value of the wrong type");
            } catch (JsonProcessingException e) {
                throw new InvalidInputException("body", e.getOriginalMessage());
            }
            LeadInput checked = check(input);
            Document before = new Document();
            PROFILE_FIELDS.forEach(f -> {
                if (doc.containsKey(f)) {
                    before.put(f, doc.get(f));
                }
            });
            Document after = profile(checked);
            List<String> changed = PROFILE_FIELDS.stream()
                    .filter(f -> !Objects.equals(before.get(f), after.get(f)))
                    .toList();
            if (changed.isEmpty()) {
                return current;
            }
            Instant now = Instant.now();
            List<Bson> updates = new ArrayList<>();
            for (String field : changed) {
                updates.add(after.containsKey(field) ? Updates.set(field, after.get(field)) : Updates.unset(field));
            }
            updates.add(Updates.set("search", searchKeys(after)));
            updates.add(Updates.set(UPDATED_AT, toDate(now)));
            updates.add(Updates.inc(VERSION, 1L));
            Document next = new Document(doc);
            changed.forEach(f -> {
                if (after.containsKey(f)) {
                    next.put(f, after.get(f));
                } else {
                    next.remove(f);
                }
            });
            next.put(UPDATED_AT, toDate(now));
            next.put(VERSION, version(doc) + 1);
            Lead updated = toLead(next);
            LeadUpdated event = new LeadUpdated(UUID.randomUUID(), now, id, TandemEvent.SCHEMA_VERSION,
                    toProfile(updated), changed);
            updates.add(PendingEvent.of(event).add());
            try {
                if (leads.updateAtVersion(id, version(doc), Updates.combine(updates))) {
                    relay.announce(id);
                    return updated;
                }
            } catch (LeadRepository.DuplicateKeyException e) {
                throw duplicate(after.getString(EMAIL));
            }
        }
        throw new ConflictException("the lead kept changing; try again");
    }

    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy() : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }

    // ---- validation -----------------------------------------------------------------------------------------

    /** Bean Validation plus the rules annotations cannot say; returns the input with normalised attributes. */
    public LeadInput check(LeadInput input) {
        if (input == null) {
            throw new InvalidInputException("body", "must not be empty");
        }
        if (input.email() != null) {
            input = new LeadInput(normaliseEmail(input.email()), input.firstName(), input.lastName(), input.company(),
                    input.jobTitle(), input.phone(), input.country(), input.timezone(), input.locale(),
                    input.companySize(), input.industry(), input.source(), input.campaign(), input.attributes(),
                    input.consent());
        }
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<LeadInput> violation : validator.validate(input)) {
            errors.add(new FieldError(violation.getPropertyPath().toString(), violation.getMessage()));
        }
        if (input.country() != null && input.country().matches("[A-Z]{2}") && !ISO_COUNTRIES.contains(input.country())) {
            errors.add(new FieldError("country", "is not an ISO 3166-1 alpha-2 country code"));
        }
        if (input.timezone() != null && !ZONE_IDS.contains(input.timezone())) {
            errors.add(new FieldError("timezone", "is not an IANA time zone id"));
        }
        Map<String, Object> attributes = null;
        if (input.attributes() != null) {
            attributes = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : input.attributes().entrySet()) {
                String key = entry.getKey();
                String field = "attributes." + key;
                if (key.isEmpty() || key.length() > LeadInput.MAX_ATTRIBUTE_KEY || key.startsWith("$") || key.contains(".")) {
                    errors.add(new FieldError(field, "a key has 1 to " + LeadInput.MAX_ATTRIBUTE_KEY
                            + " characters and no '.' or leading '$'"));
                    continue;
                }
                Object value = scalar(entry.getValue());
                if (value == null) {
                    errors.add(new FieldError(field, "must be a string, number or boolean"));
                } else if (value instanceof String text && text.length() > LeadInput.MAX_ATTRIBUTE_TEXT) {
                    errors.add(new FieldError(field, "is longer than " + LeadInput.MAX_ATTRIBUTE_TEXT + " characters"));
                } else {
                    attributes.put(key, value);
                }
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw new InvalidInputException(errors);
        }
        return new LeadInput(input.email(), input.firstName(), input.lastName(), input.company(), input.jobTitle(),
                input.phone(), input.country(), input.timezone(), input.locale(), input.companySize(), input.industry(),
                input.source(), input.campaign(), attributes, input.consent());
    }

    /** The value as a storable scalar, or null when it is not a string, number or boolean. */
    public static Object scalar(Object value) {
        if (value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Double) {
            return value;
        }
        if (value instanceof java.math.BigInteger big) {
            return big.bitLength() < 64 ? big.longValue() : big.doubleValue();
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        return null;
    }

    // ---- erase ----------------------------------------------------------------------------------------------

    /** GDPR erase: personal data removed, a tombstone kept (id, stage, dates), LeadErased published. */
    public void erase(String id, Caller actor) {
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Document doc = leads.findLive(id).orElseThrow(() -> new LeadNotFoundException(id));
            Instant now = Instant.now();
            List<Bson> updates = new ArrayList<>();
            for (String field : PROFILE_FIELDS) {
                updates.add(Updates.unset(field));
            }
            updates.add(Updates.unset("search"));
            updates.add(Updates.unset(HISTORY));
            updates.add(Updates.unset(SCORE));
            updates.add(Updates.set(ERASED, true));
            updates.add(Updates.set(ERASED_AT, toDate(now)));
            updates.add(Updates.set(UPDATED_AT, toDate(now)));
            updates.add(Updates.inc(VERSION, 1L));
            LeadErased event = new LeadErased(UUID.randomUUID(), now, id, TandemEvent.SCHEMA_VERSION, actor.subject());
            updates.add(PendingEvent.of(event).add());
            if (leads.updateAtVersion(id, version(doc), Updates.combine(updates))) {
                timeline.deleteByLead(id);
                anonymous.forgetLead(id);
                relay.announce(id);
                return;
            }
        }
        throw new ConflictException("the lead kept changing; try again");
    }

    // ---- owner and stage ------------------------------------------------------------------------------------

    public Lead assignOwner(String id, String ownerId, Caller actor) {
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Document doc = visible(id, actor);
            String previous = doc.getString(OWNER);
            if (ownerId.equals(previous)) {
                return toLead(doc);
            }
            Instant now = Instant.now();
            LeadOwnerAssigned event = new LeadOwnerAssigned(UUID.randomUUID(), now, id, TandemEvent.SCHEMA_VERSION,
                    ownerId, previous, actor.subject());
            Bson update = Updates.combine(Updates.set(OWNER, ownerId), Updates.set(UPDATED_AT, toDate(now)),
                    Updates.inc(VERSION, 1L), PendingEvent.of(event).add());
            if (leads.updateAtVersion(id, version(doc), update)) {
                relay.announce(id);
                Document next = new Document(doc);
                next.put(OWNER, ownerId);
                next.put(UPDATED_AT, toDate(now));
                next.put(VERSION, version(doc) + 1);
                return toLead(next);
            }
        }
        throw new ConflictException("the lead kept changing; try again");
    }

    /** A move made by hand; backward moves (and leaving the funnel) need a reason. */
    public Lead moveStage(String id, LifecycleStage to, String reason, Caller actor) {
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Document doc = visible(id, actor);
            LifecycleStage from = stage(doc);
            StageMachine.checkManual(from, to, reason);
            Instant now = Instant.now();
            StageChange change = new StageChange(from, to, "manual", null, blankToNull(reason), actor.subject(), now);
            if (leads.updateAtVersion(id, version(doc), stageUpdate(id, change))) {
                relay.announce(id);
                Document next = new Document(doc);
                next.put(STAGE, to.code());
                next.put(UPDATED_AT, toDate(now));
                next.put(VERSION, version(doc) + 1);
                return toLead(next);
            }
        }
        throw new ConflictException("the lead kept changing; try again");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static Bson stageUpdate(String id, StageChange change) {
        return Updates.combine(
                Updates.set(STAGE, change.to().code()),
                Updates.set(UPDATED_AT, toDate(change.at())),
                Updates.inc(VERSION, 1L),
                Updates.push(HISTORY, historyEntry(change)),
                PendingEvent.of(stageChanged(id, change)).add());
    }

    /** The event announcing that lead {@code id} moved. */
    static LeadStageChanged stageChanged(String id, StageChange change) {
        return new LeadStageChanged(UUID.randomUUID(), change.at(), id, TandemEvent.SCHEMA_VERSION,
                change.from(), change.to(), change.cause(), change.causeEventId(), change.reason(), change.by());
    }

    // ---- merge ----------------------------------------------------------------------------------------------

    /**
     * Folds {@code duplicateId} into {@code id}: the remaining lead keeps its own values and takes the duplicate's
     * where it has none; history, timeline and applied event ids move over; LeadsMerged is published.
     *
     * <p>Two writes: the remaining lead (with LeadsMerged in its outbox and the duplicate's id in {@code mergedFrom}),
     * then the duplicate's pointer ({@link #completeMerge}). Should the process stop between them, the published
     * LeadsMerged completes the merge when lead-service consumes it, and a repeated merge only completes it: the
     * duplicate is never folded in twice.
     */
    public Lead merge(String id, String duplicateId, Caller actor) {
        if (id.equals(duplicateId)) {
            throw new InvalidInputException("duplicateId", "must name another lead");
        }
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Document survivor = leads.findLive(id).orElseThrow(() -> new LeadNotFoundException(id));
            Document duplicate = leads.findLive(duplicateId)
                    .orElseThrow(() -> new InvalidInputException("duplicateId", "no lead with id '" + duplicateId + "'"));
            // Absorbed already when the process stopped before the duplicate became a pointer.
            boolean absorbed = survivor.getList(MERGED_FROM, String.class, List.of()).contains(duplicateId);
            Lead merged = absorbed ? toLead(survivor) : absorb(survivor, duplicate, actor);
            if (merged != null) {
                completeMerge(id, duplicateId);
                relay.announce(id);
                return merged;
            }
        }
        throw new ConflictException("the leads kept changing; try again");
    }

    /**
     * The first write of a merge: the remaining lead with the duplicate's values, history and applied event ids,
     * LeadsMerged (and LeadUpdated when fields were filled) in its outbox; null when it changed since it was read.
     */
    Lead absorb(Document survivor, Document duplicate, Caller actor) {
        String id = survivor.getString(ID);
        String duplicateId = duplicate.getString(ID);
        Instant now = Instant.now();
        List<Bson> updates = new ArrayList<>();
        Document next = new Document(survivor);
        List<String> filled = new ArrayList<>();
        for (String field : PROFILE_FIELDS) {
            if (!survivor.containsKey(field) && duplicate.containsKey(field) && !field.equals(EMAIL)) {
                updates.add(Updates.set(field, duplicate.get(field)));
                next.put(field, duplicate.get(field));
                filled.add(field);
            }
        }
        Document attributes = new Document();
        Document duplicateAttributes = duplicate.get(ATTRIBUTES, Document.class);
        Document survivorAttributes = survivor.get(ATTRIBUTES, Document.class);
        if (duplicateAttributes != null && survivorAttributes != null) {
            attributes.putAll(duplicateAttributes);
            attributes.putAll(survivorAttributes);
            if (!attributes.equals(survivorAttributes)) {
                updates.add(Updates.set(ATTRIBUTES, attributes));
                next.put(ATTRIBUTES, attributes);
                filled.add(ATTRIBUTES);
            }
        }
        updates.add(Updates.set("search", searchKeys(next)));
        List<Document> history = new ArrayList<>(survivor.getList(HISTORY, Document.class, List.of()));
        history.addAll(duplicate.getList(HISTORY, Document.class, List.of()));
        history.sort(Comparator.comparing(h -> h.getDate("at"), Comparator.nullsFirst(Comparator.naturalOrder())));
        updates.add(Updates.set(HISTORY, history));
        List<String> appliedIds = new ArrayList<>(survivor.getList(APPLIED_EVENTS, String.class, List.of()));
        duplicate.getList(APPLIED_EVENTS, String.class, List.of()).stream()
                .filter(e -> !appliedIds.contains(e)).forEach(appliedIds::add);
        if (!appliedIds.isEmpty()) {
            updates.add(Updates.set(APPLIED_EVENTS,
                    appliedIds.subList(Math.max(0, appliedIds.size() - APPLIED_EVENTS_KEPT), appliedIds.size())));
        }
        Instant lastActivity = latest(toInstant(survivor.get(LAST_ACTIVITY_AT)), toInstant(duplicate.get(LAST_ACTIVITY_AT)));
        if (lastActivity != null) {
            updates.add(Updates.set(LAST_ACTIVITY_AT, toDate(lastActivity)));
        }
        updates.add(Updates.set(UPDATED_AT, toDate(now)));
        updates.add(Updates.addToSet(MERGED_FROM, duplicateId));
        updates.add(Updates.inc(VERSION, 1L));
        LeadsMerged merged = new LeadsMerged(UUID.randomUUID(), now, id, TandemEvent.SCHEMA_VERSION, duplicateId,
                actor.subject());
        List<PendingEvent> events = new ArrayList<>(List.of(PendingEvent.of(merged)));
        next.put(UPDATED_AT, toDate(now));
        next.put(VERSION, version(survivor) + 1);
        if (!filled.isEmpty()) {
            Lead updated = toLead(next);
            events.add(PendingEvent.of(new LeadUpdated(UUID.randomUUID(), now, id, TandemEvent.SCHEMA_VERSION,
                    toProfile(updated), filled)));
        }
        events.forEach(pending -> updates.add(pending.add()));
        return leads.updateAtVersion(id, version(survivor), Updates.combine(updates)) ? toLead(next) : null;
    }

    /**
     * The second write of a merge: the duplicate becomes a pointer to the lead that remained (its email is freed)
     * and its timeline moves over. Changes nothing when that is done already or the duplicate was erased meanwhile.
     */
    public void completeMerge(String id, String duplicateId) {
        List<Bson> tombstone = new ArrayList<>();
        for (String field : PROFILE_FIELDS) {
            tombstone.add(Updates.unset(field));
        }
        tombstone.add(Updates.unset("search"));
        tombstone.add(Updates.set(MERGED_INTO, id));
        tombstone.add(Updates.set(UPDATED_AT, toDate(Instant.now())));
        tombstone.add(Updates.inc(VERSION, 1L));
        // A plain filter document (not Filters.and, which renders as $and): the local server finds it by _id.
        leads.update(new Document(ID, duplicateId).append(MERGED_INTO, new Document("$exists", false))
                .append(ERASED, new Document("$ne", true)), Updates.combine(tombstone));
        timeline.moveLead(duplicateId, id);
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** Records that leads saw activity (keeps the latest time of each): one bulk write. */
    public void touched(Map<String, Instant> latestByLead) {
        if (latestByLead.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        latestByLead.forEach((id, at) ->
                writes.add(new UpdateOneModel<>(Filters.eq(ID, id), Updates.max(LAST_ACTIVITY_AT, toDate(at)))));
        leads.bulk(writes);
    }

    /**
     * The id the touches of each of these leads belong on (one query): the lead itself, or the one it was merged
     * into; none when the lead was erased (nothing of it may reappear). Unknown ids are kept as they are.
     */
    public Map<String, String> timelineOwners(Collection<String> leadIds) {
        Map<String, String> owners = new HashMap<>();
        leadIds.forEach(id -> owners.put(id, id));
        for (Document doc : leads.findByIds(leadIds, ID, ERASED, MERGED_INTO)) {
            String id = doc.getString(ID);
            if (Boolean.TRUE.equals(doc.getBoolean(ERASED))) {
                owners.remove(id);
            } else if (doc.getString(MERGED_INTO) != null) {
                owners.put(id, doc.getString(MERGED_INTO));
            }
        }
        return owners;
    }
}
