package dev.tandem.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Test models written the way marketing writes them: JSON. */
final class Models {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Models() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ScoringModel parse(String text) {
        return ModelParser.parse(json(text));
    }

    /** A model with the given rules (JSON arrays, single quotes allowed) and the other parts as given. */
    static ScoringModel model(String behaviourRules, String fitRules, String extra) {
        return parse("{'name':'test','behaviourRules':" + behaviourRules + ",'fitRules':" + fitRules
                + ",'thresholds':{'mql':{'minTotal':50,'minFit':10}},'gradeBands':{'A':40,'B':20,'C':10,'D':0}"
                + (extra.isEmpty() ? "" : "," + extra) + "}");
    }

    static Activity activity(String type, Instant at, Map<String, Object> properties) {
        return new Activity(UUID.randomUUID().toString(), type, at, properties);
    }
}
