package dev.tandem.scoring;

import java.util.Arrays;
import java.util.Optional;

/** Condition operators as they are spelt in a model's JSON. */
public enum Op {
    EQ("eq"), NE("ne"), CONTAINS("contains"), STARTS_WITH("startsWith"), ENDS_WITH("endsWith"), MATCHES("matches"),
    GT("gt"), GTE("gte"), LT("lt"), LTE("lte"), IN("in"), EXISTS("exists");

    private final String json;

    Op(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Optional<Op> fromJson(String name) {
        return Arrays.stream(values()).filter(op -> op.json.equals(name)).findFirst();
    }

    public static String allowed() {
        return String.join(", ", Arrays.stream(values()).map(Op::json).toList());
    }
}
