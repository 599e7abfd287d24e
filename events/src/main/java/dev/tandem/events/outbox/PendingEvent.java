package dev.tandem.events.outbox;

import com.mongodb.client.model.Updates;
import dev.tandem.events.EventJson;
import dev.tandem.events.TandemEvent;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An event waiting in a document's {@value OutboxRelay#FIELD}. It is written in the same single-document write as
 * the state change it announces, so the two cannot part: either both are stored or neither is.
 *
 * <p>The outbox is one sub-document: event id → the event's JSON, in write order. Plain string values keep writes
 * cheap (the local Mongo-wire server copies and compares a document's nested documents on every update), and an
 * entry is removed by its id alone ({@code $unset}). The relay publishes exactly this JSON: an event is serialised
 * once, when it is written.
 */
public final class PendingEvent {

    private final String eventId;
    private final String json;
    /** The event itself when this entry was made from it; parsed from {@link #json} on demand otherwise. */
    private TandemEvent event;

    private PendingEvent(String eventId, String json, TandemEvent event) {
        this.eventId = eventId;
        this.json = json;
        this.event = event;
    }

    public static PendingEvent of(TandemEvent event) {
        return new PendingEvent(event.eventId().toString(), EventJson.toJson(event), event);
    }

    public String eventId() {
        return eventId;
    }

    public String json() {
        return json;
    }

    public TandemEvent event() {
        if (event == null) {
            event = EventJson.fromJson(json, TandemEvent.class);
        }
        return event;
    }

    /** The update that adds this entry, for writers that change a document with update operators. */
    public Bson add() {
        return Updates.set(OutboxRelay.FIELD + "." + eventId, json);
    }

    /** The update that removes the entry with this event id (none left is fine: it then changes nothing). */
    public static Bson remove(String eventId) {
        return Updates.unset(OutboxRelay.FIELD + "." + eventId);
    }

    /** The outbox field's value holding these entries, for writers that write a whole document. */
    public static Document outbox(List<PendingEvent> pending) {
        Document outbox = new Document();
        pending.forEach(entry -> outbox.append(entry.eventId, entry.json));
        return outbox;
    }

    /** Writes the outbox field holding these entries, for writers that build a document's BSON themselves. */
    public static void writeOutbox(BsonWriter writer, List<PendingEvent> pending) {
        writer.writeStartDocument(OutboxRelay.FIELD);
        pending.forEach(entry -> writer.writeString(entry.eventId, entry.json));
        writer.writeEndDocument();
    }

    /** The entries of a stored document's outbox, in write order; none when it has no outbox. */
    public static List<PendingEvent> of(Document document) {
        Object outbox = document.get(OutboxRelay.FIELD);
        List<PendingEvent> pending = new ArrayList<>();
        if (outbox instanceof Document entries) {
            entries.forEach((eventId, json) -> pending.add(new PendingEvent(eventId, (String) json, null)));
        } else if (outbox != null) {
            throw new IllegalStateException("document " + document.get("_id") + " has an outbox in an older format "
                    + "(an array): start from empty data (./tandem reset --yes)");
        }
        return pending;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingEvent that && eventId.equals(that.eventId) && json.equals(that.json);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, json);
    }

    @Override
    public String toString() {
        return "PendingEvent[" + eventId + "]";
    }
}
