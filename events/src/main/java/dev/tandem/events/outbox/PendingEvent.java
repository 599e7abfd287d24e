package dev.tandem.events.outbox;

import dev.tandem.events.EventJson;
import dev.tandem.events.TandemEvent;
import org.bson.Document;

/**
 * An event waiting in a document's {@value OutboxRelay#FIELD} array. It is written in the same single-document
 * update as the state change it announces, so the two cannot part: either both are stored or neither is.
 */
public final class PendingEvent {

    private String eventId;
    private String json;

    /** For the MongoDB POJO codec. */
    public PendingEvent() {
    }

    private PendingEvent(String eventId, String json) {
        this.eventId = eventId;
        this.json = json;
    }

    public static PendingEvent of(TandemEvent event) {
        return new PendingEvent(event.eventId().toString(), EventJson.toJson(event));
    }

    /** The same entry as a BSON document, for updates written with the plain driver ({@code $push}). */
    public Document toDocument() {
        return new Document("eventId", eventId).append("json", json);
    }

    public static PendingEvent fromDocument(Document document) {
        return new PendingEvent(document.getString("eventId"), document.getString("json"));
    }

    public TandemEvent event() {
        return EventJson.fromJson(json, TandemEvent.class);
    }

    public String getEventId() {
        return eventId;
    }

    public void setEventId(String eventId) {
        this.eventId = eventId;
    }

    public String getJson() {
        return json;
    }

    public void setJson(String json) {
        this.json = json;
    }
}
