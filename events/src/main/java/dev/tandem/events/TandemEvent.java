package dev.tandem.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.UUID;

/**
 * Every fact Tandem publishes. The JSON body carries {@code type} (the record's simple name) so a consumer of a
 * topic can read any event of that topic through the topic's sealed interface.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LeadCreated.class, name = "LeadCreated"),
        @JsonSubTypes.Type(value = LeadUpdated.class, name = "LeadUpdated"),
        @JsonSubTypes.Type(value = LeadStageChanged.class, name = "LeadStageChanged"),
        @JsonSubTypes.Type(value = LeadOwnerAssigned.class, name = "LeadOwnerAssigned"),
        @JsonSubTypes.Type(value = LeadsMerged.class, name = "LeadsMerged"),
        @JsonSubTypes.Type(value = LeadErased.class, name = "LeadErased"),
        @JsonSubTypes.Type(value = ActivityRecorded.class, name = "ActivityRecorded"),
        @JsonSubTypes.Type(value = ScoreChanged.class, name = "ScoreChanged"),
        @JsonSubTypes.Type(value = LeadQualified.class, name = "LeadQualified"),
        @JsonSubTypes.Type(value = LeadUnqualified.class, name = "LeadUnqualified"),
        @JsonSubTypes.Type(value = EmailSent.class, name = "EmailSent"),
        @JsonSubTypes.Type(value = EmailBounced.class, name = "EmailBounced"),
        @JsonSubTypes.Type(value = EmailComplained.class, name = "EmailComplained"),
        @JsonSubTypes.Type(value = Unsubscribed.class, name = "Unsubscribed"),
        @JsonSubTypes.Type(value = EnrollmentStarted.class, name = "EnrollmentStarted"),
        @JsonSubTypes.Type(value = EnrollmentExited.class, name = "EnrollmentExited"),
        @JsonSubTypes.Type(value = LeadRouted.class, name = "LeadRouted"),
        @JsonSubTypes.Type(value = LeadAccepted.class, name = "LeadAccepted"),
        @JsonSubTypes.Type(value = LeadRejected.class, name = "LeadRejected"),
        @JsonSubTypes.Type(value = DealOpened.class, name = "DealOpened"),
        @JsonSubTypes.Type(value = DealWon.class, name = "DealWon"),
        @JsonSubTypes.Type(value = DealLost.class, name = "DealLost")
})
public sealed interface TandemEvent permits LeadEvent, ActivityEvent, ScoreEvent, NurtureEvent, FeedbackEvent {

    /** Version of the payload shapes in this module; bump on a breaking change. */
    int SCHEMA_VERSION = 1;

    UUID eventId();

    Instant occurredAt();

    /** Also the Kafka record key, so one lead's events stay ordered in one partition. */
    String leadId();

    int schemaVersion();

    /** The event name, e.g. {@code LeadCreated}: the {@code type} property of the JSON body. */
    @JsonIgnore
    default String type() {
        return getClass().getSimpleName();
    }
}
