package dev.tandem.platform.outbox;

import com.mongodb.client.model.Updates;
import dev.tandem.events.EventJson;
import dev.tandem.events.TandemEvent;
import dev.tandem.platform.http.RequestId;
import org.bson.BsonBinary;
import org.bson.BsonWriter;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An event waiting in a document's {@value OutboxRelay#FIELD}. It is written in the same single-document write as
 * the state change it announces, so the two cannot part: either both are stored or neither is.
 *
 * <p>The outbox is one sub-document: event id → the event's UTF-8 JSON as binary, in write order. Flat values keep
 * writes cheap (the local Mongo-wire server copies and compares a document's nested documents on every update), and
 * an entry is removed by its id alone ({@code $unset}). The relay publishes exactly these bytes: an event is
 * serialised once, when it is written, and never transcoded (as a string its JSON was written into BSON character by
 * character, ~7% of scoring's CPU, and decoded again by the server and on every read). Entries written as strings by
 * earlier versions are still read. An event caused by an HTTP request keeps that request's id beside its JSON
 * ({@code {j: <json>, r: <request id>}}), for the CloudEvents {@code requestid} the relay sends.
 */
public final class PendingEvent {

    private static final String JSON = "j";
    private static final String REQUEST_ID = "r";

    private final String eventId;
    private final byte[] json;
    private final String requestId;
    /** The event itself when this entry was made from it; parsed from {@link #json} on demand otherwise. */
    private TandemEvent event;

    private PendingEvent(String eventId, byte[] json, String requestId, TandemEvent event) {
        this.eventId = eventId;
        this.json = json;
        this.requestId = requestId;
        this.event = event;
    }

    /** The entry announcing {@code event}, caused by the HTTP request being served (if any). */
    public static PendingEvent of(TandemEvent event) {
        return new PendingEvent(event.eventId().toString(), EventJson.toBytes(event), RequestId.current(), event);
    }

    /** The id of the HTTP request that caused the event, or {@code null}. */
    public String requestId() {
        return requestId;
    }

    public String eventId() {
        return eventId;
    }

    /** The event's JSON, UTF-8: what is stored and published. Not to be modified. */
    public byte[] json() {
        return json;
    }

    public TandemEvent event() {
        if (event == null) {
            event = EventJson.fromBytes(json, TandemEvent.class);
        }
        return event;
    }

    /** The update that adds this entry, for writers that change a document with update operators. */
    public Bson add() {
        return Updates.set(OutboxRelay.FIELD + "." + eventId, stored());
    }

    private Object stored() {
        return requestId == null ? new Binary(json) : new Document(JSON, new Binary(json)).append(REQUEST_ID, requestId);
    }

    /** The update that removes the entry with this event id (none left is fine: it then changes nothing). */
    public static Bson remove(String eventId) {
        return Updates.unset(OutboxRelay.FIELD + "." + eventId);
    }

    /** The outbox field's value holding these entries, for writers that write a whole document. */
    public static Document outbox(List<PendingEvent> pending) {
        Document outbox = new Document();
        pending.forEach(entry -> outbox.append(entry.eventId, entry.stored()));
        return outbox;
    }

    /** Writes the outbox field holding these entries, for writers that build a document's BSON themselves. */
    public static void writeOutbox(BsonWriter writer, List<PendingEvent> pending) {
        writer.writeStartDocument(OutboxRelay.FIELD);
        for (PendingEvent entry : pending) {
            if (entry.requestId == null) {
                writer.writeBinaryData(entry.eventId, new BsonBinary(entry.json));
            } else {
                writer.writeStartDocument(entry.eventId);
                writer.writeBinaryData(JSON, new BsonBinary(entry.json));
                writer.writeString(REQUEST_ID, entry.requestId);
                writer.writeEndDocument();
            }
        }
        writer.writeEndDocument();
    }

    /** The entries of a stored document's outbox, in write order; none when it has no outbox. */
    public static List<PendingEvent> of(Document document) {
        Object outbox = document.get(OutboxRelay.FIELD);
        List<PendingEvent> pending = new ArrayList<>();
        if (outbox instanceof Document entries) {
            entries.forEach((eventId, stored) -> pending.add(stored instanceof Document withRequest
                    ? new PendingEvent(eventId, bytes(withRequest.get(JSON)), withRequest.getString(REQUEST_ID), null)
                    : new PendingEvent(eventId, bytes(stored), null, null)));
        } else if (outbox != null) {
            throw new IllegalStateException("document " + document.get("_id") + " has an outbox in an older format "
                    + "(an array): start from empty data (./tandem reset --yes)");
        }
        return pending;
    }

    private static byte[] bytes(Object json) {
        return json instanceof Binary binary ? binary.getData() : ((String) json).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PendingEvent that && eventId.equals(that.eventId) && Arrays.equals(json, that.json);
    }

    @Override
    public int hashCode() {
        return 31 * eventId.hashCode() + Arrays.hashCode(json);
    }

    @Override
    public String toString() {
        return "PendingEvent[" + eventId + "]";
    }
}
