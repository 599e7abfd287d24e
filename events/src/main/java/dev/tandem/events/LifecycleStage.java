package dev.tandem.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A lead's place in the funnel, in funnel order; {@code recycled} and {@code disqualified} sit outside it. */
public enum LifecycleStage {
    SUBSCRIBER, LEAD, MQL, SQL, OPPORTUNITY, CUSTOMER, RECYCLED, DISQUALIFIED;

    @JsonValue
    public String code() {
        return Codes.of(this);
    }

    @JsonCreator
    public static LifecycleStage fromCode(String code) {
        return Codes.parse(LifecycleStage.class, code, "stage");
    }

    /** True for the ordered funnel stages (subscriber .. customer). */
    public boolean inFunnel() {
        return this != RECYCLED && this != DISQUALIFIED;
    }
}
