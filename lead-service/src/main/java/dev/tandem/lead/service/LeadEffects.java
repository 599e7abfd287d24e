package dev.tandem.lead.service;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.tandem.events.DealLost;
import dev.tandem.events.FeedbackEvent;
import dev.tandem.events.LeadQualified;
import dev.tandem.events.LeadOwnerAssigned;
import dev.tandem.events.LeadRejected;
import dev.tandem.events.LeadRouted;
import dev.tandem.events.LeadUpdated;
import dev.tandem.events.LifecycleStage;
import dev.tandem.events.ScoreChanged;
import dev.tandem.events.TandemEvent;
import dev.tandem.events.Unsubscribed;
import dev.tandem.platform.outbox.PendingEvent;
import dev.tandem.lead.StageChange;
import dev.tandem.lead.messaging.LeadEventRelay;
import dev.tandem.lead.repository.LeadRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.tandem.lead.repository.LeadDocuments.*;

/**
 * Applies what other services report about a lead: the primary model's score (ScoreChanged), stage moves
 * (LeadQualified, sales feedback), the owner feedback-service routed the lead to (LeadRouted, announced as
 * LeadOwnerAssigned like a manual assignment) and withdrawn email consent (Unsubscribed, announced as LeadUpdated). A batch costs
 * one read of its leads and one versioned write per lead, whatever the number of events. Each event takes effect
 * once: its id is recorded in {@code appliedEvents} in the same write as its effect, and an id already recorded
 * changes nothing.
 */
@ApplicationScoped
public class LeadEffects {

    private static final Logger LOG = Logger.getLogger(LeadEffects.class);
    private static final int MAX_RETRIES = 5;
    private static final String SCORE_AT = "scoreAt";
    private static final String EMAIL_CHANNEL = "email";
    /** The consent source an unsubscribe leaves, so the lead record says why consent was withdrawn. */
    private static final String UNSUBSCRIBE_SOURCE = "unsubscribe";
    private static final String[] FIELDS = {ID, STAGE, OWNER, SCORE_AT, APPLIED_EVENTS, VERSION, ERASED, MERGED_INTO};

    @Inject
    LeadRepository leads;

    @Inject
    LeadEventRelay relay;

    /** Applies these events, in order; events about unknown, erased or no longer relevant leads are ignored. */
    public void apply(List<? extends TandemEvent> received) {
        // The rest (a LeadUnqualified, an EmailSent) changes nothing here: no read for them.
        List<TandemEvent> events = received.stream().filter(LeadEffects::takesEffect).map(TandemEvent.class::cast)
                .toList();
        if (events.isEmpty()) {
            return;
        }
        // An unsubscribe announces the whole lead (LeadUpdated), so its batch reads whole documents.
        boolean whole = events.stream().anyMatch(Unsubscribed.class::isInstance);
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            Map<String, Document> targets = targets(events, whole);
            Map<String, Changes> byLead = new LinkedHashMap<>();
            for (TandemEvent event : events) {
                Document target = targets.get(event.leadId());
                if (target == null) {
                    LOG.debugf("%s %s names no live lead %s; ignored", event.type(), event.eventId(), event.leadId());
                    continue;
                }
                byLead.computeIfAbsent(target.getString(ID), id -> new Changes(target)).apply(event);
            }
            List<WriteModel<Document>> writes = new ArrayList<>();
            List<String> moved = new ArrayList<>();
            Map<String, Set<String>> removed = new HashMap<>();
            for (Changes changes : byLead.values()) {
                if (changes.applied.isEmpty()) {
                    continue;
                }
                // Published events still in the outbox (the import's) go in the same write: no write of their own.
                // A snapshot: exactly the entries this update removes are forgotten after it.
                Set<String> published = Set.copyOf(leads.published().of(changes.id));
                writes.add(new UpdateOneModel<>(LeadRepository.atVersion(changes.id, changes.version),
                        changes.update(published)));
                if (!published.isEmpty()) {
                    removed.put(changes.id, published);
                }
                if (!changes.outbox.isEmpty()) {
                    moved.add(changes.id);
                }
            }
            if (writes.isEmpty()) {
                return;
            }
            // The version check makes "not applied yet" (read above) and the effects one atomic step per lead.
            BulkWriteResult result = leads.bulk(writes);
            if (!moved.isEmpty()) {
                relay.announce(moved);
            }
            // A lead someone changed meanwhile was not written: read again; what was applied is skipped then.
            if (result.getMatchedCount() == writes.size()) {
                removed.forEach(leads.published()::forget);
                return;
            }
        }
        throw new ConflictException("leads kept changing while applying " + events.size() + " events");
    }

    /** The live lead each event's lead id names, following a merge to the lead that remained. */
    private Map<String, Document> targets(List<? extends TandemEvent> events, boolean whole) {
        Set<String> ids = new HashSet<>();
        events.forEach(event -> ids.add(event.leadId()));
        Map<String, Document> found = new HashMap<>();
        read(ids, whole).forEach(doc -> found.put(doc.getString(ID), doc));
        Set<String> survivors = new HashSet<>();
        found.values().forEach(doc -> {
            String into = doc.getString(MERGED_INTO);
            if (into != null && !found.containsKey(into)) {
                survivors.add(into);
            }
        });
        if (!survivors.isEmpty()) {
            read(survivors, whole).forEach(doc -> found.put(doc.getString(ID), doc));
        }
        Map<String, Document> targets = new HashMap<>();
        for (String id : ids) {
            Document doc = found.get(id);
            if (doc != null && doc.getString(MERGED_INTO) != null) {
                doc = found.get(doc.getString(MERGED_INTO));
            }
            if (doc != null && LeadRepository.isLive(doc)) {
                targets.put(id, doc);
            }
        }
        return targets;
    }

    private static boolean takesEffect(TandemEvent event) {
        return event instanceof ScoreChanged || event instanceof LeadQualified || event instanceof FeedbackEvent
                || event instanceof Unsubscribed;
    }

    private List<Document> read(Set<String> ids, boolean whole) {
        return whole ? leads.findWholeByIds(ids) : leads.findByIds(ids, FIELDS);
    }

    /** What a batch's events do to one lead, folded in order onto the state read. */
    private static final class Changes {
        final Document read;
        final String id;
        final long version;
        final Set<String> known;
        final List<String> applied = new ArrayList<>();
        final List<Document> history = new ArrayList<>();
        final List<PendingEvent> outbox = new ArrayList<>();
        LifecycleStage stage;
        Instant movedAt;
        /** The owner a LeadRouted set, null when none changed it. */
        String owner;
        Instant ownedAt;
        Double score;
        Instant scoreAt;
        /** The email consent an unsubscribe left, null when none changed it. */
        Document consent;

        Changes(Document doc) {
            read = doc;
            id = doc.getString(ID);
            version = version(doc);
            known = new HashSet<>(doc.getList(APPLIED_EVENTS, String.class, List.of()));
            stage = stage(doc);
            Date at = doc.getDate(SCORE_AT);
            scoreAt = at == null ? null : at.toInstant();
        }

        void apply(TandemEvent event) {
            String eventId = event.eventId().toString();
            if (known.contains(eventId)) {
                return;
            }
            if (event instanceof ScoreChanged changed) {
                // Only the primary model's score is kept; an older score never replaces a newer one.
                if (!changed.primary() || (scoreAt != null && scoreAt.isAfter(changed.occurredAt()))) {
                    return;
                }
                score = changed.total();
                scoreAt = changed.occurredAt();
            } else if (event instanceof Unsubscribed unsubscribed) {
                if (!EMAIL_CHANNEL.equalsIgnoreCase(unsubscribed.channel())) {
                    return;
                }
                // A consent given after the unsubscribe (the lead opted in again) stands.
                Document current = consent != null ? consent : read.get(CONSENT, Document.class);
                Date givenAt = current == null ? null : current.getDate("at");
                if (givenAt == null || !givenAt.toInstant().isAfter(unsubscribed.occurredAt())) {
                    consent = new Document("email", false).append("at", toDate(unsubscribed.occurredAt()))
                            .append("source", UNSUBSCRIBE_SOURCE);
                }
            } else if (event instanceof LeadRouted routed) {
                String previous = owner != null ? owner : read.getString(OWNER);
                if (!routed.ownerId().equals(previous)) {
                    ownedAt = Instant.now();
                    outbox.add(PendingEvent.of(new LeadOwnerAssigned(UUID.randomUUID(), ownedAt, id,
                            TandemEvent.SCHEMA_VERSION, routed.ownerId(), previous, routed.by())));
                    owner = routed.ownerId();
                }
            } else if (event instanceof LeadQualified || event instanceof FeedbackEvent) {
                LifecycleStage from = stage;
                StageMachine.next(from, event).ifPresent(to -> {
                    StageChange change = new StageChange(from, to, event.type(), event.eventId(), reasonOf(event),
                            byOf(event), Instant.now());
                    history.add(historyEntry(change));
                    outbox.add(PendingEvent.of(LeadService.stageChanged(id, change)));
                    stage = to;
                    movedAt = change.at();
                });
            } else {
                return;
            }
            known.add(eventId);
            applied.add(eventId);
        }

        Bson update(Set<String> published) {
            List<Bson> updates = new ArrayList<>();
            published.forEach(eventId -> updates.add(PendingEvent.remove(eventId)));
            if (score != null) {
                updates.add(Updates.set(SCORE, score));
                updates.add(Updates.set(SCORE_AT, toDate(scoreAt)));
            }
            Instant updatedAt = null;
            if (!history.isEmpty()) {
                updates.add(Updates.set(STAGE, stage.code()));
                updates.add(Updates.pushEach(HISTORY, history));
                updatedAt = movedAt;
            }
            if (owner != null) {
                updates.add(Updates.set(OWNER, owner));
                updatedAt = updatedAt == null || ownedAt.isAfter(updatedAt) ? ownedAt : updatedAt;
            }
            if (consent != null) {
                updatedAt = Instant.now();
                updates.add(Updates.set(CONSENT, consent));
                Document next = new Document(read).append(CONSENT, consent).append(STAGE, stage.code());
                outbox.add(PendingEvent.of(new LeadUpdated(UUID.randomUUID(), updatedAt, id,
                        TandemEvent.SCHEMA_VERSION, toProfile(toLead(next)), List.of(CONSENT))));
            }
            if (updatedAt != null) {
                updates.add(Updates.set(UPDATED_AT, toDate(updatedAt)));
            }
            outbox.forEach(pending -> updates.add(pending.add()));
            updates.add(Updates.pushEach(APPLIED_EVENTS, applied, new PushOptions().slice(-APPLIED_EVENTS_KEPT)));
            updates.add(Updates.inc(VERSION, 1L));
            return Updates.combine(updates);
        }

        private static String reasonOf(TandemEvent event) {
            if (event instanceof LeadRejected rejected) {
                // The rep's own code (too_early) says more than the coarse reason (bad_timing) it maps to.
                return rejected.specificReasonCode();
            }
            if (event instanceof DealLost lost) {
                return lost.reasonCode().code();
            }
            return null;
        }

        private static String byOf(TandemEvent event) {
            return event instanceof FeedbackEvent feedback ? feedback.by() : "scoring-service";
        }
    }
}
