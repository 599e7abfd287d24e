package dev.tandem.nurture;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/** What enrols a lead in an active campaign. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Trigger.LeadCreated.class, name = "leadCreated"),
        @JsonSubTypes.Type(value = Trigger.StageEntered.class, name = "stageEntered"),
        @JsonSubTypes.Type(value = Trigger.ScoreReached.class, name = "scoreReached"),
        @JsonSubTypes.Type(value = Trigger.Recycled.class, name = "recycled"),
        @JsonSubTypes.Type(value = Trigger.Api.class, name = "api")
})
public sealed interface Trigger {

    /** A new lead whose attributes meet every condition. */
    record LeadCreated(List<Condition.Attribute> conditions) implements Trigger {
    }

    record StageEntered(String stage) implements Trigger {
    }

    record ScoreReached(String modelId, Double minimum) implements Trigger {
    }

    /** After LeadRejected with one of the reason codes (none: any), or after DealLost when {@code dealLost}. */
    record Recycled(List<String> reasonCodes, Boolean dealLost) implements Trigger {
    }

    /** Only by {@code POST /enrollments}. */
    record Api() implements Trigger {
    }
}
