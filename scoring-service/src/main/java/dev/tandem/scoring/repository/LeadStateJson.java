package dev.tandem.scoring.repository;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.events.IsoInstants;
import dev.tandem.platform.outbox.PendingEvent;
import dev.tandem.scoring.Activity;
import dev.tandem.scoring.FitProfile;
import dev.tandem.scoring.LeadScore;
import dev.tandem.scoring.LeadState;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lead's state as two UTF-8 JSON values of its document: {@code state} (owner, fit profile, scores per model) and
 * {@code history} (the activities, a JSON array). Only this service reads them, always whole, so opaque values are
 * enough, and they keep writes cheap: the local Mongo-wire server copies, compares and re-encodes every nested value
 * of a document on each write, a value in one piece (measured: ~1.5 times the lead writes/s of the same state as
 * nested documents). Stored as binary rather than strings, they are copied as bytes instead of being transcoded
 * character by character on both sides of the wire. The history only grows between writes, so a write appends the
 * new activities to the stored bytes instead of writing every activity again (that was a sixth of the service's
 * CPU while scoring a backlog). Scores are kept as decimal strings so the ledger adds up exactly after a round trip.
 */
final class LeadStateJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] EMPTY_HISTORY = {'[', ']'};

    private LeadStateJson() {
    }

    /** Written with the streaming generator: building maps for databind cost twice as much per stored lead. */
    static byte[] writeState(LeadState state) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("owner", state.ownerId());
            json.writeStringField("ownerAt", text(state.ownerAt()));
            FitProfile p = state.profile();
            json.writeObjectFieldStart("profile");
            json.writeStringField("jobTitle", p.jobTitle());
            json.writeFieldName("companySize");
            writeValue(json, p.companySize());
            json.writeStringField("industry", p.industry());
            json.writeStringField("country", p.country());
            json.writeStringField("emailDomain", p.emailDomain());
            json.writeStringField("source", p.source());
            json.writeFieldName("attributes");
            writeValue(json, p.attributes());
            json.writeEndObject();
            json.writeStringField("profileAt", text(state.profileAt()));
            json.writeObjectFieldStart("scores");
            for (LeadScore score : state.scores().values()) {
                json.writeObjectFieldStart(score.modelId());
                json.writeNumberField("v", score.modelVersion());
                json.writeStringField("total", score.total().toPlainString());
                json.writeStringField("behaviour", score.behaviour().toPlainString());
                json.writeStringField("fit", score.fit().toPlainString());
                json.writeStringField("grade", score.grade());
                json.writeBooleanField("qualified", score.qualified());
                json.writeStringField("at", IsoInstants.format(score.evaluatedAt()));
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("lead state cannot be written as JSON", e);
        }
        return out.toByteArray();
    }

    /** The history as a JSON array of these activities. */
    static byte[] writeHistory(List<Activity> activities) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(2 + 192 * activities.size());
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.writeStartArray();
            for (Activity activity : activities) {
                json.writeStartObject();
                json.writeStringField("id", activity.eventId());
                json.writeStringField("t", activity.type());
                json.writeStringField("at", IsoInstants.format(activity.occurredAt()));
                json.writeFieldName("p");
                writeValue(json, activity.properties());
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("activities cannot be written as JSON", e);
        }
        return out.toByteArray();
    }

    /**
     * {@code stored} (a JSON array of activities) with {@code added} appended, without reading it, into one new array:
     * copying the stored history through a growing stream cost two copies of it per write.
     */
    static byte[] appendHistory(byte[] stored, List<Activity> added) {
        if (added.isEmpty()) {
            return stored;
        }
        byte[] tail = writeHistory(added);
        boolean storedEmpty = stored.length == EMPTY_HISTORY.length;
        byte[] joined = new byte[stored.length + tail.length - (storedEmpty ? 2 : 1)];
        // The stored array without its closing bracket, a comma after its last activity, the new ones without their
        // opening bracket.
        int at = stored.length - 1;
        System.arraycopy(stored, 0, joined, 0, at);
        if (!storedEmpty) {
            joined[at++] = ',';
        }
        System.arraycopy(tail, 1, joined, at, tail.length - 1);
        return joined;
    }

    /**
     * A value as JSON parsing gives it (maps, lists, strings, numbers, booleans, null) written without databind, which
     * made a serializer provider and context per value; anything else still goes through databind.
     */
    private static void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(json, entry.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object element : list) {
                writeValue(json, element);
            }
            json.writeEndArray();
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof Double number) {
            json.writeNumber(number);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else {
            json.writeObject(value);
        }
    }

    /** {@code history} null: a document of the previous format, which kept the activities in the state. */
    @SuppressWarnings("unchecked")
    static LeadState read(String leadId, long revision, byte[] state, byte[] history, List<PendingEvent> outbox) {
        Map<String, Object> root = parse(leadId, state, Map.class);
        Map<String, Object> p = (Map<String, Object>) root.get("profile");
        FitProfile profile = new FitProfile((String) p.get("jobTitle"), (Integer) p.get("companySize"),
                (String) p.get("industry"), (String) p.get("country"), (String) p.get("emailDomain"),
                (String) p.get("source"), (Map<String, Object>) p.get("attributes"));
        Map<String, LeadScore> scores = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) root.get("scores")).forEach((modelId, s) -> scores.put(modelId,
                new LeadScore(modelId, (Integer) s.get("v"), new BigDecimal((String) s.get("total")),
                        new BigDecimal((String) s.get("behaviour")), new BigDecimal((String) s.get("fit")),
                        (String) s.get("grade"), (Boolean) s.get("qualified"), IsoInstants.parse((String) s.get("at")))));
        List<Activity> activities = new ArrayList<>();
        // No history: a document of the previous format, with the activities inside the state.
        List<Map<String, Object>> entries = history != null ? parse(leadId, history, List.class)
                : (List<Map<String, Object>>) root.getOrDefault("activities", List.of());
        for (Map<String, Object> entry : entries) {
            activities.add(new Activity((String) entry.get("id"), (String) entry.get("t"),
                    IsoInstants.parse((String) entry.get("at")), (Map<String, Object>) entry.get("p")));
        }
        return new LeadState(leadId, revision, false, (String) root.get("owner"), instant(root.get("ownerAt")),
                profile, instant(root.get("profileAt")), activities, scores, outbox, null);
    }

    private static <T> T parse(String leadId, byte[] json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new IllegalStateException("stored state of lead " + leadId + " is not valid JSON", e);
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : IsoInstants.format(instant);
    }

    private static Instant instant(Object text) {
        return text == null ? null : IsoInstants.parse((String) text);
    }
}
