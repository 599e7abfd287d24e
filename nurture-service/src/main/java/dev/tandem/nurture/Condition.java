package dev.tandem.nurture;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Duration;

/** What a branch or a goal tests about an enrolled lead; without {@code type}, an attribute condition. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type",
        defaultImpl = Condition.Attribute.class)
@JsonSubTypes({
        @JsonSubTypes.Type(value = Condition.Opened.class, name = "opened"),
        @JsonSubTypes.Type(value = Condition.Clicked.class, name = "clicked"),
        @JsonSubTypes.Type(value = Condition.ScoreAbove.class, name = "scoreAbove"),
        @JsonSubTypes.Type(value = Condition.StageIs.class, name = "stageIs"),
        @JsonSubTypes.Type(value = Condition.Attribute.class, name = "attribute")
})
public sealed interface Condition {

    /** The email of {@code stepId} was opened (by a human) within {@code within} of its sending. */
    record Opened(String stepId, Duration within) implements Condition {
    }

    record Clicked(String stepId, Duration within) implements Condition {
    }

    record ScoreAbove(String modelId, Double value) implements Condition {
    }

    record StageIs(String stage) implements Condition {
    }

    /** {@code op}: eq, ne, contains, gt, lt, exists. */
    record Attribute(String name, String op, Object value) implements Condition {
    }
}
