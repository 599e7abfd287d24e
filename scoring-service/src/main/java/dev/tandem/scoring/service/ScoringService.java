package dev.tandem.scoring.service;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.LeadCreated;
import dev.tandem.events.LeadErased;
import dev.tandem.events.LeadOwnerAssigned;
import dev.tandem.events.LeadProfile;
import dev.tandem.events.LeadUpdated;
import dev.tandem.events.LeadsMerged;
import dev.tandem.events.ScoreEvent;
import dev.tandem.events.TandemEvent;
import dev.tandem.platform.outbox.PendingEvent;
import dev.tandem.scoring.Activity;
import dev.tandem.scoring.ActiveModels;
import dev.tandem.scoring.FitProfile;
import dev.tandem.scoring.LeadScore;
import dev.tandem.scoring.LeadState;
import dev.tandem.scoring.ScoreCalculator;
import dev.tandem.scoring.ScoreReasons;
import dev.tandem.scoring.ScoreTransitions;
import dev.tandem.scoring.config.ScoringConfig;
import dev.tandem.scoring.repository.LeadRepository;
import dev.tandem.scoring.repository.LeadWrite;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Turns lead and activity events into stored scores and score events. A batch is grouped by lead: each lead's
 * document is read once, rescored from its whole history, and written once (one bulk write per batch) together
 * with the events it announces. The history holds the applied event ids, so a redelivered activity adds nothing.
 * The leads of a batch are split into groups by id that are processed in parallel; a lead is always in the same
 * group, so its events are announced in order.
 */
@ApplicationScoped
public class ScoringService {

    private static final Logger LOG = Logger.getLogger(ScoringService.class);
    /** How many merges in a row an activity for a merged lead is followed through. */
    private static final int MAX_MERGE_HOPS = 5;

    @Inject
    LeadRepository leads;
    @Inject
    ModelRegistry registry;
    @Inject
    Clock clock;
    @Inject
    ScoringConfig config;
    @Inject
    Event<LeadsWritten> written;
    @Inject
    MeterRegistry meters;

    private Counter activitiesScored;
    private Counter duplicatesIgnored;
    private ExecutorService groupWorkers;

    @PostConstruct
    void start() {
        activitiesScored = meters.counter("tandem.scoring.activities.scored");
        duplicatesIgnored = meters.counter("tandem.scoring.activities.duplicates");
        AtomicInteger threads = new AtomicInteger();
        // The calling thread processes one group itself.
        groupWorkers = Executors.newFixedThreadPool(Math.max(1, config.writeParallelism() - 1), r -> {
            Thread thread = new Thread(r, "scoring-group-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        groupWorkers.shutdown();
    }

    /**
     * Applies a batch of events from lead.events and activity.events; returns how many leads were written. A merge
     * reads the merged lead's document, so the events before it are applied first, and it is applied on its own.
     */
    public int apply(List<? extends TandemEvent> events) {
        int stored = 0;
        int from = 0;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof LeadsMerged merged) {
                stored += applyByLead(events.subList(from, i));
                stored += merge(merged);
                from = i + 1;
            }
        }
        return stored + applyByLead(events.subList(from, events.size()));
    }

    private int applyByLead(List<? extends TandemEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        Map<String, List<TandemEvent>> byLead = new LinkedHashMap<>();
        for (TandemEvent event : events) {
            byLead.computeIfAbsent(event.leadId(), id -> new ArrayList<>()).add(event);
        }
        Map<String, List<Activity>> forwarded = new ConcurrentHashMap<>();
        int stored = processInGroups(byLead.keySet(), state -> evolve(state, byLead.get(state.leadId()), forwarded));
        return stored + forward(forwarded);
    }

    /**
     * Adds activities that arrived for leads already merged away to the leads they were merged into (lead-service
     * sends new ones there itself, but some were on their way), following a lead that was merged again in turn.
     */
    private int forward(Map<String, List<Activity>> bySurvivor) {
        int stored = 0;
        for (int hop = 1; !bySurvivor.isEmpty(); hop++) {
            if (hop > MAX_MERGE_HOPS) {
                LOG.warnf("activities for leads merged more than %d times over were not added: %s", MAX_MERGE_HOPS,
                        bySurvivor.keySet());
                break;
            }
            Map<String, List<Activity>> current = bySurvivor;
            Map<String, List<Activity>> onward = new ConcurrentHashMap<>();
            stored += process(current.keySet(), true, state -> state.mergedInto() != null
                    ? forwardLater(onward, state.mergedInto(), current.get(state.leadId()))
                    : withActivities(state, current.get(state.leadId())));
            bySurvivor = onward;
        }
        return stored;
    }

    /** Notes activities for the lead {@code survivorId}; returns no write (for a merged lead's tombstone). */
    private static LeadWrite forwardLater(Map<String, List<Activity>> bySurvivor, String survivorId,
                                          List<Activity> activities) {
        bySurvivor.computeIfAbsent(survivorId, id -> Collections.synchronizedList(new ArrayList<>())).addAll(activities);
        return null;
    }

    /**
     * Folds the merged lead into the one that remains: its activities join the remaining lead's history (ids already
     * there are skipped, so a redelivered merge adds nothing) and that lead is rescored; then the merged lead's scores
     * are removed. Two writes: after a crash between them the redelivered merge only finishes the removal.
     */
    private int merge(LeadsMerged merged) {
        LeadState duplicate = leads.load(List.of(merged.mergedLeadId()), true).get(merged.mergedLeadId());
        int stored = 0;
        if (!duplicate.erased() && !duplicate.activities().isEmpty()) {
            stored += process(List.of(merged.leadId()), true, state -> withActivities(state, duplicate.activities()));
        }
        // A tombstone even for a lead scoring has not seen yet: its activities may still be on their way.
        return stored + process(List.of(merged.mergedLeadId()), true,
                state -> state.erased() ? null : tombstone(state, merged.leadId()));
    }

    /**
     * Rescores these leads as of {@code asOf} with the active models. {@code force} stores every change (after a
     * publish); otherwise only changes that matter (grade, MQL status, version, or a total moved by the configured
     * minimum) are stored, so hourly decay does not rewrite and announce every lead.
     */
    public int reevaluate(Collection<String> leadIds, Instant asOf, boolean force) {
        // One group: a rescore over every lead runs in the background and must leave room for live scoring.
        return process(leadIds, false, state -> reevaluated(state, asOf, force));
    }

    /** Processes the leads in parallel groups (see {@link ScoringConfig#writeParallelism}); fails if any group failed. */
    private int processInGroups(Collection<String> leadIds, Function<LeadState, LeadWrite> change) {
        int parallelism = Math.min(config.writeParallelism(), leadIds.size());
        if (parallelism <= 1) {
            return process(leadIds, true, change);
        }
        List<List<String>> groups = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            groups.add(new ArrayList<>());
        }
        leadIds.forEach(id -> groups.get(Math.floorMod(id.hashCode(), parallelism)).add(id));
        List<CompletableFuture<Integer>> others = groups.subList(1, parallelism).stream()
                .map(group -> CompletableFuture.supplyAsync(() -> process(group, true, change), groupWorkers)).toList();
        RuntimeException failure = null;
        int stored = 0;
        try {
            stored += process(groups.get(0), true, change);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (CompletableFuture<Integer> other : others) {
            try {
                stored += other.join();
            } catch (CompletionException e) {
                // Every group has finished before the caller hears of a failure: a retry re-applies the whole batch,
                // and leads already written ignore the activities they hold.
                failure = failure != null ? failure
                        : e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return stored;
    }

    /**
     * Reads, changes and writes these leads, retrying those another writer changed meanwhile. {@code live}: scoring
     * of incoming events, whose leads read from the store join the cache of recent leads; a background pass over
     * every lead (rescore, re-evaluation) leaves the cache to them, else each pass would evict the leads live traffic
     * is scoring and send the next batches to the store.
     */
    private int process(Collection<String> leadIds, boolean live, Function<LeadState, LeadWrite> change) {
        Set<String> pending = new HashSet<>(leadIds);
        Map<String, List<PendingEvent>> announced = new LinkedHashMap<>();
        int stored = 0;
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt > config.conflictRetries()) {
                throw new IllegalStateException("leads kept changing under this write: " + pending);
            }
            List<LeadWrite> writes = new ArrayList<>();
            for (LeadState state : leads.load(pending, live).values()) {
                LeadWrite write = change.apply(state);
                if (write != null) {
                    writes.add(write);
                }
            }
            Set<String> conflicts = leads.write(writes);
            for (LeadWrite write : writes) {
                if (!conflicts.contains(write.before().leadId())) {
                    stored++;
                    activitiesScored.increment(write.added().size());
                    if (!write.events().isEmpty()) {
                        announced.put(write.before().leadId(), write.events());
                    }
                }
            }
            pending = conflicts;
        }
        if (!announced.isEmpty()) {
            written.fire(new LeadsWritten(announced));
        }
        return stored;
    }

    /** {@code forwarded}: where activities for a lead merged away are noted, by the lead it was merged into. */
    private LeadWrite evolve(LeadState state, List<TandemEvent> events, Map<String, List<Activity>> forwarded) {
        if (state.erased()) {
            if (state.mergedInto() != null) {
                List<Activity> activities = events.stream().filter(ActivityRecorded.class::isInstance)
                        .map(event -> activity((ActivityRecorded) event)).toList();
                if (!activities.isEmpty()) {
                    forwardLater(forwarded, state.mergedInto(), activities);
                }
            }
            return null;
        }
        String ownerId = state.ownerId();
        Instant ownerAt = state.ownerAt();
        FitProfile profile = state.profile();
        Instant profileAt = state.profileAt();
        Set<String> known = new HashSet<>();
        state.activities().forEach(a -> known.add(a.eventId()));
        List<Activity> added = new ArrayList<>();
        boolean changed = false;
        for (TandemEvent event : events) {
            if (event instanceof LeadErased) {
                return tombstone(state, null);
            }
            if (event instanceof ActivityRecorded activity) {
                if (known.add(activity.eventId().toString())) {
                    added.add(activity(activity));
                    changed = true;
                } else {
                    duplicatesIgnored.increment();
                }
                continue;
            }
            LeadProfile lead = event instanceof LeadCreated created ? created.lead()
                    : event instanceof LeadUpdated updated ? updated.lead() : null;
            if (lead != null && (profileAt == null || !event.occurredAt().isBefore(profileAt))) {
                profile = FitProfile.of(lead);
                profileAt = event.occurredAt();
                changed = true;
                if (lead.ownerId() != null && (ownerAt == null || !event.occurredAt().isBefore(ownerAt))) {
                    ownerId = lead.ownerId();
                    ownerAt = event.occurredAt();
                }
            }
            if (event instanceof LeadOwnerAssigned assigned
                    && (ownerAt == null || !event.occurredAt().isBefore(ownerAt))) {
                ownerId = assigned.ownerId();
                ownerAt = event.occurredAt();
                changed = true;
            }
        }
        return changed ? withChanges(state, ownerId, ownerAt, profile, profileAt, added) : null;
    }

    /** The activities of a merged lead this lead does not hold yet, added to its history; null when none is new. */
    private LeadWrite withActivities(LeadState state, List<Activity> moved) {
        if (state.erased()) {
            return null;
        }
        Set<String> known = new HashSet<>();
        state.activities().forEach(a -> known.add(a.eventId()));
        List<Activity> added = moved.stream().filter(a -> known.add(a.eventId())).toList();
        return added.isEmpty() ? null
                : withChanges(state, state.ownerId(), state.ownerAt(), state.profile(), state.profileAt(), added);
    }

    private static Activity activity(ActivityRecorded event) {
        return new Activity(event.eventId().toString(), event.activityType(), event.occurredAt(), event.properties());
    }

    /** Erased, or merged into {@code mergedInto}: the document keeps that and nothing else (see {@link LeadRepository}). */
    private static LeadWrite tombstone(LeadState state, String mergedInto) {
        return new LeadWrite(state, LeadState.tombstone(state.leadId(), state.revision() + 1, mergedInto, List.of()),
                List.of(), List.of());
    }

    /** The lead with this owner, profile and new activities, rescored with the active models. */
    private LeadWrite withChanges(LeadState state, String ownerId, Instant ownerAt, FitProfile profile,
                                  Instant profileAt, List<Activity> added) {
        List<Activity> history = new ArrayList<>(state.activities().size() + added.size());
        history.addAll(state.activities());
        history.addAll(added);
        if (history.size() > config.maxActivitiesPerLead()) {
            // Keep the newest: an old event redelivered later is older than all kept ones and is trimmed again.
            history.sort(Activity.CHRONOLOGICAL);
            history = new ArrayList<>(history.subList(history.size() - config.maxActivitiesPerLead(), history.size()));
        }
        Instant now = clock.instant();
        LeadState draft = new LeadState(state.leadId(), state.revision(), false, ownerId, ownerAt, profile, profileAt,
                history, state.scores());
        Rescored rescored = rescore(draft, registry.active(), now);
        LeadState after = new LeadState(state.leadId(), state.revision() + 1, false, ownerId, ownerAt, profile,
                profileAt, history, rescored.scores());
        return LeadWrite.announcing(state, after, added, rescored.events());
    }

    private LeadWrite reevaluated(LeadState state, Instant asOf, boolean force) {
        if (state.erased() || !state.exists()) {
            return null;
        }
        ActiveModels models = registry.active();
        Rescored rescored = rescore(state, models, asOf);
        boolean store = !rescored.scores().keySet().equals(state.scores().keySet());
        for (LeadScore score : rescored.scores().values()) {
            LeadScore before = state.scores().get(score.modelId());
            store |= force ? !score.sameOutcome(before) : matters(before, score);
        }
        if (!store) {
            return null;
        }
        LeadState after = new LeadState(state.leadId(), state.revision() + 1, false, state.ownerId(), state.ownerAt(),
                state.profile(), state.profileAt(), state.activities(), rescored.scores());
        return LeadWrite.announcing(state, after, List.of(), rescored.events());
    }

    private boolean matters(LeadScore before, LeadScore after) {
        return before == null || before.modelVersion() != after.modelVersion() || before.qualified() != after.qualified()
                || !before.grade().equals(after.grade())
                || before.total().subtract(after.total()).abs().compareTo(config.reevaluationMinChange()) >= 0;
    }

    private record Rescored(Map<String, LeadScore> scores, List<ScoreEvent> events) {
    }

    private static Rescored rescore(LeadState state, ActiveModels models, Instant asOf) {
        Map<String, LeadScore> scores = new HashMap<>();
        List<ScoreEvent> events = new ArrayList<>();
        for (ActiveModels.ActiveModel model : models.models()) {
            LeadScore score = LeadScore.of(model.modelId(), model.version(),
                    ScoreCalculator.outcome(model.model(), state.activities(), state.knownProfile(), asOf));
            scores.put(model.modelId(), score);
            boolean primary = models.isPrimary(model.modelId());
            // The primary score's reasons reach the rep's queue (feedback-service); other models announce none.
            events.addAll(ScoreTransitions.between(state.leadId(), state.scores().get(model.modelId()), score,
                    primary, asOf, primary ? () -> ScoreReasons.top(ScoreCalculator.score(model.model(),
                            state.activities(), state.knownProfile(), asOf), ScoreReasons.TOP) : List::of));
        }
        return new Rescored(scores, events);
    }
}
