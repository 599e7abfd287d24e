package dev.tandem.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A lead's place in the funnel, in funnel order; {@code recycled} and {@code disqualified} sit outside it. */
public enum LifecycleStage {
    SUBSCRIBER, LEAD, MQL, SQL, OPPORTUNITY, CUSTOMER, RECYCLED, DISQUALIFIED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static LifecycleStage fromCode(String code) {
        for (LifecycleStage stage : values()) {
            if (stage.code().equals(code)) {
                return stage;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + code + "'");
    }

    /** True for the ordered funnel stages (subscriber .. customer). */
    public boolean inFunnel() {
        return this != RECYCLED && this != DISQUALIFIED;
    }
}
