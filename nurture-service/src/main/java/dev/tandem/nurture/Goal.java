package dev.tandem.nurture;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Reaching a goal ends the enrolment. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Goal.StageReached.class, name = "stageReached"),
        @JsonSubTypes.Type(value = Goal.Custom.class, name = "custom")
})
public sealed interface Goal {

    /** The lead reached this stage or a later one of the funnel. */
    record StageReached(String stage) implements Goal {
    }

    record Custom(String name, Condition condition) implements Goal {
    }
}
