package dev.tandem.scoring.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.scoring.Activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lead's activity history as one JSON string in its document. Only this service reads it, always whole, so an
 * opaque value is enough, and it keeps updates cheap: the local Mongo-wire server deep-copies a document on every
 * update, and a history of thousands of nested sub-documents made each write (and each outbox clean-up) cost in
 * proportion to the history.
 */
final class ActivityHistoryJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, Object>>> ENTRIES = new TypeReference<>() {
    };

    private ActivityHistoryJson() {
    }

    static String write(List<Activity> activities) {
        List<Map<String, Object>> entries = new ArrayList<>(activities.size());
        for (Activity activity : activities) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", activity.eventId());
            entry.put("t", activity.type());
            entry.put("at", activity.occurredAt().toString());
            entry.put("p", activity.properties());
            entries.add(entry);
        }
        try {
            return JSON.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("activity history cannot be written as JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Activity> read(String json) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            List<Activity> activities = new ArrayList<>();
            for (Map<String, Object> entry : JSON.readValue(json, ENTRIES)) {
                activities.add(new Activity((String) entry.get("id"), (String) entry.get("t"),
                        Instant.parse((String) entry.get("at")), (Map<String, Object>) entry.get("p")));
            }
            return activities;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored activity history is not valid JSON", e);
        }
    }
}
