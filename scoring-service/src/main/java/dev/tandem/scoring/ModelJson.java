package dev.tandem.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.Collection;

/** The JSON form of a validated model: what the API returns and what is stored; {@link ModelParser} reads it back. */
public final class ModelJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ModelJson() {
    }

    public static ObjectNode write(ScoringModel model) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("name", model.name());
        ArrayNode behaviour = json.putArray("behaviourRules");
        for (BehaviourRule rule : model.behaviourRules()) {
            ObjectNode r = behaviour.addObject();
            r.put("id", rule.id());
            r.put("name", rule.name());
            r.put("eventType", rule.eventType());
            ArrayNode conditions = r.putArray("conditions");
            for (FieldCondition condition : rule.conditions()) {
                ObjectNode c = conditions.addObject();
                c.put("field", condition.field());
                c.put("op", condition.condition().op().json());
                c.set("value", value(condition.condition().operand()));
            }
            r.put("points", rule.points());
            if (rule.limit() != null) {
                r.putObject("limit").put("max", rule.limit().max()).put("per", rule.limit().per().json());
            }
        }
        ArrayNode fit = json.putArray("fitRules");
        for (FitRule rule : model.fitRules()) {
            ObjectNode r = fit.addObject();
            r.put("id", rule.id());
            r.put("name", rule.name());
            r.put("field", rule.field());
            r.put("op", rule.condition().op().json());
            r.set("value", value(rule.condition().operand()));
            r.put("points", rule.points());
        }
        json.putObject("decay").put("halfLifeDays", model.decay().halfLifeDays());
        ObjectNode caps = json.putObject("caps");
        if (model.caps().behaviour() != null) {
            caps.put("behaviour", model.caps().behaviour());
        }
        if (model.caps().fit() != null) {
            caps.put("fit", model.caps().fit());
        }
        json.putObject("thresholds").putObject("mql")
                .put("minTotal", model.thresholds().mql().minTotal())
                .put("minFit", model.thresholds().mql().minFit());
        json.putObject("gradeBands")
                .put("A", model.gradeBands().a())
                .put("B", model.gradeBands().b())
                .put("C", model.gradeBands().c())
                .put("D", model.gradeBands().d());
        return json;
    }

    public static ScoringModel read(String json) {
        try {
            return ModelParser.parse(MAPPER.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored model is not JSON", e);
        }
    }

    private static JsonNode value(Object operand) {
        if (operand instanceof Collection<?> values) {
            ArrayNode array = MAPPER.createArrayNode();
            values.stream().map(ModelJson::scalar).sorted((a, b) -> a.toString().compareTo(b.toString()))
                    .forEach(array::add);
            return array;
        }
        return scalar(operand);
    }

    private static JsonNode scalar(Object value) {
        if (value instanceof BigDecimal d) {
            return MAPPER.getNodeFactory().numberNode(d);
        }
        if (value instanceof Boolean b) {
            return MAPPER.getNodeFactory().booleanNode(b);
        }
        return MAPPER.getNodeFactory().textNode(String.valueOf(value));
    }
}
