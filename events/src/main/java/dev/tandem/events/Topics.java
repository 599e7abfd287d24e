package dev.tandem.events;

import java.util.List;

/** Kafka topic names and which events each one carries. */
public final class Topics {

    public static final String LEAD_EVENTS = "lead.events";
    public static final String ACTIVITY_EVENTS = "activity.events";
    public static final String SCORE_EVENTS = "score.events";
    public static final String NURTURE_EVENTS = "nurture.events";
    public static final String FEEDBACK_EVENTS = "feedback.events";

    /** Suffix of the dead-letter topic that takes a topic's records no consumer could process. */
    public static final String DLQ_SUFFIX = ".dlq";

    /** Every event topic, without the dead-letter topics. */
    public static final List<String> EVENT_TOPICS =
            List.of(LEAD_EVENTS, ACTIVITY_EVENTS, SCORE_EVENTS, NURTURE_EVENTS, FEEDBACK_EVENTS);

    /** Partitions of each topic: records are keyed by lead id, so this bounds a consumer group's parallelism. */
    public static final int PARTITIONS = 6;

    private Topics() {
    }

    public static String deadLetterOf(String topic) {
        return topic + DLQ_SUFFIX;
    }

    /** The event topics followed by their dead-letter topics. */
    public static List<String> allTopics() {
        return EVENT_TOPICS.stream()
                .flatMap(topic -> java.util.stream.Stream.of(topic, deadLetterOf(topic)))
                .toList();
    }

    /** The sealed interface whose events a topic carries. */
    public static Class<? extends TandemEvent> contractOf(String topic) {
        return switch (topic) {
            case LEAD_EVENTS -> LeadEvent.class;
            case ACTIVITY_EVENTS -> ActivityEvent.class;
            case SCORE_EVENTS -> ScoreEvent.class;
            case NURTURE_EVENTS -> NurtureEvent.class;
            case FEEDBACK_EVENTS -> FeedbackEvent.class;
            default -> throw new IllegalArgumentException("not a Tandem event topic: " + topic);
        };
    }

    /** The topic an event is published to. */
    public static String topicOf(TandemEvent event) {
        // Java 17 has no pattern switch; the sealed hierarchy keeps this list complete.
        if (event instanceof LeadEvent) {
            return LEAD_EVENTS;
        }
        if (event instanceof ActivityEvent) {
            return ACTIVITY_EVENTS;
        }
        if (event instanceof ScoreEvent) {
            return SCORE_EVENTS;
        }
        if (event instanceof NurtureEvent) {
            return NURTURE_EVENTS;
        }
        return FEEDBACK_EVENTS;
    }
}
