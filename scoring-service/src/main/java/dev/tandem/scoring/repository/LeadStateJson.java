package dev.tandem.scoring.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.events.outbox.PendingEvent;
import dev.tandem.scoring.Activity;
import dev.tandem.scoring.FitProfile;
import dev.tandem.scoring.LeadScore;
import dev.tandem.scoring.LeadState;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lead's state (owner, fit profile, scores per model, activity history) as one JSON string in its document. Only
 * this service reads it, always whole, so an opaque value is enough, and it keeps writes cheap: the local Mongo-wire
 * server copies, compares and re-encodes every nested value of a document on each write, a string in one piece
 * (measured: ~1.5 times the lead writes/s of the same state as nested documents). Scores are kept as decimal
 * strings so the ledger still adds up exactly after a round trip.
 */
final class LeadStateJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LeadStateJson() {
    }

    static String write(LeadState state) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("owner", state.ownerId());
        root.put("ownerAt", text(state.ownerAt()));
        FitProfile p = state.profile();
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("jobTitle", p.jobTitle());
        profile.put("companySize", p.companySize());
        profile.put("industry", p.industry());
        profile.put("country", p.country());
        profile.put("emailDomain", p.emailDomain());
        profile.put("source", p.source());
        profile.put("attributes", p.attributes());
        root.put("profile", profile);
        root.put("profileAt", text(state.profileAt()));
        Map<String, Object> scores = new LinkedHashMap<>();
        state.scores().forEach((modelId, score) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("v", score.modelVersion());
            s.put("total", score.total().toPlainString());
            s.put("behaviour", score.behaviour().toPlainString());
            s.put("fit", score.fit().toPlainString());
            s.put("grade", score.grade());
            s.put("qualified", score.qualified());
            s.put("at", score.evaluatedAt().toString());
            scores.put(modelId, s);
        });
        root.put("scores", scores);
        List<Map<String, Object>> activities = new ArrayList<>(state.activities().size());
        for (Activity activity : state.activities()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", activity.eventId());
            entry.put("t", activity.type());
            entry.put("at", activity.occurredAt().toString());
            entry.put("p", activity.properties());
            activities.add(entry);
        }
        root.put("activities", activities);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("lead state cannot be written as JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    static LeadState read(String leadId, long revision, String json, List<PendingEvent> outbox) {
        Map<String, Object> root;
        try {
            root = JSON.readValue(json, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored state of lead " + leadId + " is not valid JSON", e);
        }
        Map<String, Object> p = (Map<String, Object>) root.get("profile");
        FitProfile profile = new FitProfile((String) p.get("jobTitle"), (Integer) p.get("companySize"),
                (String) p.get("industry"), (String) p.get("country"), (String) p.get("emailDomain"),
                (String) p.get("source"), (Map<String, Object>) p.get("attributes"));
        Map<String, LeadScore> scores = new LinkedHashMap<>();
        ((Map<String, Map<String, Object>>) root.get("scores")).forEach((modelId, s) -> scores.put(modelId,
                new LeadScore(modelId, (Integer) s.get("v"), new BigDecimal((String) s.get("total")),
                        new BigDecimal((String) s.get("behaviour")), new BigDecimal((String) s.get("fit")),
                        (String) s.get("grade"), (Boolean) s.get("qualified"), Instant.parse((String) s.get("at")))));
        List<Activity> activities = new ArrayList<>();
        for (Map<String, Object> entry : (List<Map<String, Object>>) root.get("activities")) {
            activities.add(new Activity((String) entry.get("id"), (String) entry.get("t"),
                    Instant.parse((String) entry.get("at")), (Map<String, Object>) entry.get("p")));
        }
        return new LeadState(leadId, revision, false, (String) root.get("owner"), instant(root.get("ownerAt")),
                profile, instant(root.get("profileAt")), activities, scores, outbox);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(Object text) {
        return text == null ? null : Instant.parse((String) text);
    }
}
