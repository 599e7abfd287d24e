package dev.tandem.scoring;

import dev.tandem.platform.http.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.events.ActivityTypes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a model from JSON into typed records, collecting every problem with its JSON path. Regular expressions are
 * compiled here, so a model that parses can be evaluated without surprises.
 */
public final class ModelParser {

    public static final int MIN_POINTS = -1000;
    public static final int MAX_POINTS = 1000;
    public static final BigDecimal MAX_THRESHOLD = BigDecimal.valueOf(100_000);
    public static final int MAX_CAP = 100_000;
    public static final BigDecimal MAX_HALF_LIFE_DAYS = BigDecimal.valueOf(3650);
    public static final int MAX_RULES = 200;
    public static final int MAX_CONDITIONS = 20;
    public static final int MAX_IN_VALUES = 1000;
    public static final int MAX_REGEX_LENGTH = 200;
    public static final int MAX_TEXT_LENGTH = 200;
    public static final int MAX_LIMIT = 1_000_000;

    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern PROPERTY_PATH = Pattern.compile("[^.\\s]{1,64}(\\.[^.\\s]{1,64}){0,7}");
    private static final Set<String> MODEL_FIELDS =
            Set.of("name", "behaviourRules", "fitRules", "decay", "caps", "thresholds", "gradeBands");

    private final List<FieldError> errors = new ArrayList<>();
    private final Set<String> ruleIds = new HashSet<>();

    private ModelParser() {
    }

    /** The model, or a {@link ModelValidationException} naming every problem. */
    public static ScoringModel parse(JsonNode json) {
        ModelParser parser = new ModelParser();
        ScoringModel model = parser.model(json);
        if (!parser.errors.isEmpty()) {
            throw new ModelValidationException(parser.errors);
        }
        return model;
    }

    private void error(String path, String message) {
        errors.add(new FieldError(path, message));
    }

    private ScoringModel model(JsonNode json) {
        if (json == null || !json.isObject()) {
            error("$", "must be a JSON object");
            return null;
        }
        unknownFields(json, "$", MODEL_FIELDS);
        String name = text(json, "$", "name", true, MAX_TEXT_LENGTH);
        List<BehaviourRule> behaviourRules = new ArrayList<>();
        JsonNode behaviour = array(json, "$", "behaviourRules");
        if (behaviour != null) {
            for (int i = 0; i < behaviour.size(); i++) {
                BehaviourRule rule = behaviourRule(behaviour.get(i), "$.behaviourRules[" + i + "]");
                if (rule != null) {
                    behaviourRules.add(rule);
                }
            }
        }
        List<FitRule> fitRules = new ArrayList<>();
        JsonNode fit = array(json, "$", "fitRules");
        if (fit != null) {
            for (int i = 0; i < fit.size(); i++) {
                FitRule rule = fitRule(fit.get(i), "$.fitRules[" + i + "]");
                if (rule != null) {
                    fitRules.add(rule);
                }
            }
        }
        ScoringModel.Decay decay = decay(json.get("decay"));
        ScoringModel.Caps caps = caps(json.get("caps"));
        ScoringModel.Thresholds thresholds = thresholds(json.get("thresholds"));
        ScoringModel.GradeBands bands = gradeBands(json.get("gradeBands"));
        if (!errors.isEmpty()) {
            return null;
        }
        return new ScoringModel(name, behaviourRules, fitRules, decay, caps, thresholds, bands);
    }

    private BehaviourRule behaviourRule(JsonNode json, String path) {
        if (!requireObject(json, path)) {
            return null;
        }
        unknownFields(json, path, Set.of("id", "name", "eventType", "conditions", "points", "limit"));
        String id = ruleId(json, path);
        String name = text(json, path, "name", true, MAX_TEXT_LENGTH);
        String eventType = text(json, path, "eventType", true, 80);
        if (eventType != null && !ActivityTypes.isValid(eventType)) {
            error(path + ".eventType", "unknown activity type '" + eventType + "': one of "
                    + new java.util.TreeSet<>(ActivityTypes.STANDARD) + " or custom:<name>");
        }
        List<FieldCondition> conditions = new ArrayList<>();
        JsonNode list = json.get("conditions");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                error(path + ".conditions", "must be an array");
            } else if (list.size() > MAX_CONDITIONS) {
                error(path + ".conditions", "at most " + MAX_CONDITIONS + " conditions");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    FieldCondition condition = behaviourCondition(list.get(i), path + ".conditions[" + i + "]");
                    if (condition != null) {
                        conditions.add(condition);
                    }
                }
            }
        }
        Integer points = rulePoints(json, path);
        BehaviourRule.Limit limit = limit(json.get("limit"), path + ".limit");
        if (id == null || name == null || eventType == null || points == null || conditions.size() != sizeOf(list)) {
            return null;
        }
        return new BehaviourRule(id, name, eventType, conditions, points, limit);
    }

    private static int sizeOf(JsonNode list) {
        return list == null || !list.isArray() ? 0 : list.size();
    }

    private FieldCondition behaviourCondition(JsonNode json, String path) {
        if (!requireObject(json, path)) {
            return null;
        }
        unknownFields(json, path, Set.of("field", "op", "value"));
        String field = text(json, path, "field", true, 200);
        if (field != null && !PROPERTY_PATH.matcher(field).matches()) {
            error(path + ".field", "must be a dot path into the activity's properties, e.g. utm.campaign");
            field = null;
        }
        Condition condition = condition(json, path, FieldKind.ANY);
        return field == null || condition == null ? null : new FieldCondition(field, condition);
    }

    private FitRule fitRule(JsonNode json, String path) {
        if (!requireObject(json, path)) {
            return null;
        }
        unknownFields(json, path, Set.of("id", "name", "field", "op", "value", "points"));
        String id = ruleId(json, path);
        String name = text(json, path, "name", true, MAX_TEXT_LENGTH);
        String field = text(json, path, "field", true, 200);
        FieldKind kind = FieldKind.ANY;
        if (field != null) {
            if (!FitProfile.isField(field)) {
                error(path + ".field", "unknown lead attribute '" + field + "': one of " + FitProfile.TEXT_FIELDS
                        + ", companySize or attributes.<key>");
                field = null;
            } else if (FitProfile.NUMBER_FIELDS.contains(field)) {
                kind = FieldKind.NUMBER;
            } else if (FitProfile.TEXT_FIELDS.contains(field)) {
                kind = FieldKind.TEXT;
            }
        }
        Condition condition = condition(json, path, kind);
        Integer points = rulePoints(json, path);
        if (id == null || name == null || field == null || condition == null || points == null) {
            return null;
        }
        return new FitRule(id, name, field, condition, points);
    }

    /** What a fit attribute holds, so a model cannot compare a job title with {@code gt}. */
    private enum FieldKind { ANY, TEXT, NUMBER }

    private Condition condition(JsonNode json, String path, FieldKind kind) {
        String opName = text(json, path, "op", true, 40);
        if (opName == null) {
            return null;
        }
        Op op = Op.fromJson(opName).orElse(null);
        if (op == null) {
            error(path + ".op", "unknown op '" + opName + "': one of " + Op.allowed());
            return null;
        }
        String valuePath = path + ".value";
        JsonNode value = json.get("value");
        if (value == null || value.isNull()) {
            error(valuePath, "is required for op '" + op.json() + "'");
            return null;
        }
        boolean numericOp = op == Op.GT || op == Op.GTE || op == Op.LT || op == Op.LTE;
        boolean textOp = op == Op.CONTAINS || op == Op.STARTS_WITH || op == Op.ENDS_WITH || op == Op.MATCHES;
        if (kind == FieldKind.TEXT && numericOp) {
            error(path + ".op", "op '" + op.json() + "' compares numbers but the field holds text");
            return null;
        }
        if (kind == FieldKind.NUMBER && textOp) {
            error(path + ".op", "op '" + op.json() + "' compares text but the field holds a number");
            return null;
        }
        switch (op) {
            case EQ, NE -> {
                Object scalar = scalar(value, valuePath, op);
                if (scalar == null) {
                    return null;
                }
                return op == Op.EQ ? new Condition.Equals(scalar) : new Condition.NotEquals(scalar);
            }
            case CONTAINS, STARTS_WITH, ENDS_WITH -> {
                if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > MAX_TEXT_LENGTH) {
                    error(valuePath, "op '" + op.json() + "' needs a non-empty string of at most "
                            + MAX_TEXT_LENGTH + " characters");
                    return null;
                }
                String text = value.asText();
                return switch (op) {
                    case CONTAINS -> new Condition.Contains(text);
                    case STARTS_WITH -> new Condition.StartsWith(text);
                    default -> new Condition.EndsWith(text);
                };
            }
            case MATCHES -> {
                if (!value.isTextual() || value.asText().isEmpty()) {
                    error(valuePath, "op 'matches' needs a regular expression as a string");
                    return null;
                }
                if (value.asText().length() > MAX_REGEX_LENGTH) {
                    error(valuePath, "regular expression longer than " + MAX_REGEX_LENGTH + " characters");
                    return null;
                }
                try {
                    // RE2 syntax (linear-time matching): no backreferences or lookaround, which can backtrack.
                    return new Condition.Matches(com.google.re2j.Pattern.compile(value.asText()));
                } catch (com.google.re2j.PatternSyntaxException e) {
                    error(valuePath, "regular expression does not compile: " + e.getDescription()
                            + (e.getPattern() == null || e.getPattern().isEmpty() ? "" : " near '" + e.getPattern() + "'"));
                    return null;
                }
            }
            case GT, GTE, LT, LTE -> {
                if (!value.isNumber()) {
                    error(valuePath, "op '" + op.json() + "' needs a number");
                    return null;
                }
                if (!finite(value)) {
                    error(valuePath, "must be a finite number");
                    return null;
                }
                return new Condition.Compare(op, value.decimalValue());
            }
            case IN -> {
                return in(value, valuePath);
            }
            default -> {
                if (!value.isBoolean()) {
                    error(valuePath, "op 'exists' needs true or false");
                    return null;
                }
                return new Condition.Exists(value.booleanValue());
            }
        }
    }

    private Condition in(JsonNode value, String path) {
        if (value.isTextual() && FreeMailDomains.REFERENCE.equals(value.asText())) {
            return new Condition.In(Set.copyOf(FreeMailDomains.DOMAINS), FreeMailDomains.REFERENCE);
        }
        if (!value.isArray() || value.isEmpty()) {
            error(path, "op 'in' needs a non-empty array of values or \"" + FreeMailDomains.REFERENCE + "\"");
            return null;
        }
        if (value.size() > MAX_IN_VALUES) {
            error(path, "op 'in' takes at most " + MAX_IN_VALUES + " values");
            return null;
        }
        Set<Object> values = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            Object scalar = scalar(value.get(i), path + "[" + i + "]", Op.IN);
            if (scalar == null) {
                return null;
            }
            values.add(scalar instanceof String s ? s.toLowerCase(Locale.ROOT) : scalar);
        }
        return new Condition.In(values, null);
    }

    private Object scalar(JsonNode value, String path, Op op) {
        if (value.isTextual()) {
            if (value.asText().length() > MAX_TEXT_LENGTH) {
                error(path, "text longer than " + MAX_TEXT_LENGTH + " characters");
                return null;
            }
            return value.asText();
        }
        if (value.isNumber()) {
            if (!finite(value)) {
                error(path, "must be a finite number");
                return null;
            }
            return value.decimalValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        error(path, "op '" + op.json() + "' needs a string, number or boolean");
        return null;
    }

    private String ruleId(JsonNode json, String path) {
        String id = text(json, path, "id", true, 64);
        if (id == null) {
            return null;
        }
        if (!RULE_ID.matcher(id).matches()) {
            error(path + ".id", "must be 1-64 letters, digits, '_', '-' or '.'");
            return null;
        }
        if (!ruleIds.add(id)) {
            error(path + ".id", "duplicate rule id '" + id + "'");
            return null;
        }
        return id;
    }

    private Integer rulePoints(JsonNode json, String path) {
        JsonNode points = json.get("points");
        if (points == null || points.isNull()) {
            error(path + ".points", "is required");
            return null;
        }
        if (!points.isIntegralNumber()) {
            error(path + ".points", "must be a whole number");
            return null;
        }
        if (!points.canConvertToInt() || points.intValue() < MIN_POINTS || points.intValue() > MAX_POINTS) {
            error(path + ".points", "must be between " + MIN_POINTS + " and " + MAX_POINTS);
            return null;
        }
        return points.intValue();
    }

    private BehaviourRule.Limit limit(JsonNode json, String path) {
        if (json == null || json.isNull()) {
            return null;
        }
        if (!requireObject(json, path)) {
            return null;
        }
        unknownFields(json, path, Set.of("max", "per"));
        JsonNode max = json.get("max");
        Integer maxValue = null;
        if (max == null || !max.isIntegralNumber() || !max.canConvertToInt() || max.intValue() < 1
                || max.intValue() > MAX_LIMIT) {
            error(path + ".max", "must be a whole number between 1 and " + MAX_LIMIT);
        } else {
            maxValue = max.intValue();
        }
        String per = text(json, path, "per", true, 20);
        LimitPeriod period = null;
        if (per != null) {
            period = LimitPeriod.fromJson(per).orElse(null);
            if (period == null) {
                error(path + ".per", "unknown period '" + per + "': one of P1D, P7D, P30D, lifetime");
            }
        }
        return maxValue == null || period == null ? null : new BehaviourRule.Limit(maxValue, period);
    }

    private ScoringModel.Decay decay(JsonNode json) {
        if (json == null || json.isNull()) {
            return ScoringModel.Decay.NONE;
        }
        if (!requireObject(json, "$.decay")) {
            return null;
        }
        unknownFields(json, "$.decay", Set.of("halfLifeDays"));
        BigDecimal halfLife = number(json, "$.decay", "halfLifeDays", BigDecimal.ZERO, MAX_HALF_LIFE_DAYS, true);
        return halfLife == null ? null : new ScoringModel.Decay(halfLife);
    }

    private ScoringModel.Caps caps(JsonNode json) {
        if (json == null || json.isNull()) {
            return ScoringModel.Caps.NONE;
        }
        if (!requireObject(json, "$.caps")) {
            return null;
        }
        unknownFields(json, "$.caps", Set.of("behaviour", "fit"));
        return new ScoringModel.Caps(cap(json, "behaviour"), cap(json, "fit"));
    }

    private Integer cap(JsonNode json, String name) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1 || value.intValue() > MAX_CAP) {
            error("$.caps." + name, "must be a whole number between 1 and " + MAX_CAP + " (or absent for no cap)");
            return null;
        }
        return value.intValue();
    }

    private ScoringModel.Thresholds thresholds(JsonNode json) {
        if (json == null || json.isNull()) {
            error("$.thresholds", "is required");
            return null;
        }
        if (!requireObject(json, "$.thresholds")) {
            return null;
        }
        unknownFields(json, "$.thresholds", Set.of("mql"));
        JsonNode mql = json.get("mql");
        if (mql == null || mql.isNull()) {
            error("$.thresholds.mql", "is required");
            return null;
        }
        if (!requireObject(mql, "$.thresholds.mql")) {
            return null;
        }
        unknownFields(mql, "$.thresholds.mql", Set.of("minTotal", "minFit"));
        BigDecimal minTotal = number(mql, "$.thresholds.mql", "minTotal", BigDecimal.ZERO, MAX_THRESHOLD, true);
        BigDecimal minFit = number(mql, "$.thresholds.mql", "minFit", MAX_THRESHOLD.negate(), MAX_THRESHOLD, false);
        if (minTotal == null || (minFit == null && mql.hasNonNull("minFit"))) {
            return null;
        }
        return new ScoringModel.Thresholds(new ScoringModel.Mql(minTotal,
                minFit == null ? MAX_THRESHOLD.negate() : minFit));
    }

    private ScoringModel.GradeBands gradeBands(JsonNode json) {
        if (json == null || json.isNull()) {
            error("$.gradeBands", "is required");
            return null;
        }
        if (!requireObject(json, "$.gradeBands")) {
            return null;
        }
        unknownFields(json, "$.gradeBands", Set.of("A", "B", "C", "D"));
        BigDecimal[] bounds = new BigDecimal[4];
        String[] names = {"A", "B", "C", "D"};
        for (int i = 0; i < 4; i++) {
            bounds[i] = number(json, "$.gradeBands", names[i], MAX_THRESHOLD.negate(), MAX_THRESHOLD, true);
        }
        for (BigDecimal bound : bounds) {
            if (bound == null) {
                return null;
            }
        }
        for (int i = 1; i < 4; i++) {
            if (bounds[i].compareTo(bounds[i - 1]) > 0) {
                error("$.gradeBands." + names[i], "must not be above " + names[i - 1] + " (bands descend A to D)");
                return null;
            }
        }
        return new ScoringModel.GradeBands(bounds[0], bounds[1], bounds[2], bounds[3]);
    }

    private BigDecimal number(JsonNode json, String path, String name, BigDecimal min, BigDecimal max,
                              boolean required) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                error(path + "." + name, "is required");
            }
            return null;
        }
        if (!value.isNumber()) {
            error(path + "." + name, "must be a number");
            return null;
        }
        if (!finite(value)) {
            error(path + "." + name, "must be a finite number between " + min.toPlainString() + " and "
                    + max.toPlainString());
            return null;
        }
        BigDecimal number = value.decimalValue();
        if (number.compareTo(min) < 0 || number.compareTo(max) > 0) {
            error(path + "." + name, "must be between " + min.toPlainString() + " and " + max.toPlainString());
            return null;
        }
        return number;
    }

    /**
     * A JSON number read as a double may be Infinity (1e400) or NaN: decimalValue() would throw. Also bounds the
     * exponent of a decimal so that comparing and printing it stay cheap.
     */
    private static boolean finite(JsonNode value) {
        if (value.isFloatingPointNumber() && !value.isBigDecimal()) {
            return Double.isFinite(value.doubleValue());
        }
        if (value.isBigDecimal()) {
            return Math.abs(value.decimalValue().scale()) <= 1000;
        }
        return true;
    }

    private JsonNode array(JsonNode json, String path, String name) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            error(path + "." + name, "must be an array");
            return null;
        }
        if (value.size() > MAX_RULES) {
            error(path + "." + name, "at most " + MAX_RULES + " rules");
            return null;
        }
        return value;
    }

    private String text(JsonNode json, String path, String name, boolean required, int maxLength) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                error(path + "." + name, "is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            error(path + "." + name, "must be a string");
            return null;
        }
        String text = value.asText().strip();
        if (text.isEmpty()) {
            error(path + "." + name, "must not be blank");
            return null;
        }
        if (text.length() > maxLength) {
            error(path + "." + name, "must be at most " + maxLength + " characters");
            return null;
        }
        return text;
    }

    private boolean requireObject(JsonNode json, String path) {
        if (json == null || !json.isObject()) {
            error(path, "must be a JSON object");
            return false;
        }
        return true;
    }

    private void unknownFields(JsonNode json, String path, Set<String> known) {
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!known.contains(name)) {
                error(path + "." + name, "unknown field");
            }
        }
    }
}
