package dev.tandem.platform.example.service;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.TandemEvent;
import dev.tandem.platform.example.Note;
import dev.tandem.platform.example.repository.NoteRepository;
import dev.tandem.platform.outbox.sql.ProcessedEvents;
import dev.tandem.platform.outbox.sql.SqlOutbox;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * The example's business rules: a note is stored and announced (ActivityRecorded, type {@code note}) in one
 * transaction; activity events are counted per lead once each, however often Kafka delivers them.
 */
@ApplicationScoped
public class NoteService {

    /** The consumer name under which this service records the activity events it has applied. */
    static final String TOUCH_COUNTER = "example-touch-counter";

    @Inject
    NoteRepository notes;

    @Inject
    SqlOutbox outbox;

    @Inject
    ProcessedEvents processed;

    private final Clock clock = Clock.systemUTC();

    /** State and the event announcing it, committed together; the relay publishes after the commit. */
    @Transactional
    public Note add(String leadId, String body) {
        return add(UUID.randomUUID(), UUID.randomUUID(), leadId, body);
    }

    /** With the ids given (derived from an Idempotency-Key, so a retry makes the same note and event). */
    @Transactional
    public Note add(UUID noteId, UUID eventId, String leadId, String body) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Note note = new Note(noteId, leadId, body, now);
        notes.persist(note);
        outbox.add(new ActivityRecorded(eventId, now, leadId, TandemEvent.SCHEMA_VERSION, "note", null,
                "sales-app", Map.of("noteId", note.id().toString())));
        afterEffect.get().run();
        return note;
    }

    /** Tests only: runs inside the transaction after the note and its event are written. */
    public static final java.util.concurrent.atomic.AtomicReference<Runnable> afterEffect =
            new java.util.concurrent.atomic.AtomicReference<>(() -> { });

    /** Applies an activity event once: a redelivery (same event id) finds it processed and changes nothing. */
    @Transactional
    public boolean countTouch(ActivityRecorded event) {
        if (!processed.firstTime(event.eventId(), TOUCH_COUNTER)) {
            return false;
        }
        Panache.getEntityManager().createNativeQuery("INSERT INTO lead_touch (lead_id, touches) VALUES (?1, 1)"
                        + " ON CONFLICT (lead_id) DO UPDATE SET touches = lead_touch.touches + 1")
                .setParameter(1, event.leadId())
                .executeUpdate();
        return true;
    }

    @Transactional
    public long touches(String leadId) {
        return ((Number) Panache.getEntityManager()
                .createNativeQuery("SELECT coalesce(max(touches), 0) FROM lead_touch WHERE lead_id = ?1")
                .setParameter(1, leadId).getSingleResult()).longValue();
    }
}
