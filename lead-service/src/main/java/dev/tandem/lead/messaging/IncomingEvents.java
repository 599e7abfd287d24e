package dev.tandem.lead.messaging;

import dev.tandem.platform.intake.EventIntake;
import dev.tandem.lead.service.LeadEffects;
import dev.tandem.lead.service.TimelineService;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every topic lead-service reads, in batches (a backlog of 100k events is worked off in a few hundred store round
 * trips, not 100k), through the {@link EventIntake}: a record that is not a valid event of its topic goes to
 * {@code <topic>.dlq} while the rest of its batch is applied, a store outage is waited out, and an event that fails
 * on its own is dead-lettered. Effects are idempotent, as the intake requires: timeline entries are keyed by event
 * id, stage and score changes record the event id they applied.
 */
@ApplicationScoped
public class IncomingEvents {

    public static final String ACTIVITY_EVENTS = "activity-events";
    public static final String LEAD_EVENTS = "lead-events";
    public static final String NURTURE_EVENTS = "nurture-events";
    public static final String SCORE_EVENTS = "score-events";
    public static final String FEEDBACK_EVENTS = "feedback-events";

    @Inject
    TimelineService timeline;

    @Inject
    LeadEffects effects;

    @Inject
    MeterRegistry meters;

    private EventIntake intake;

    @PostConstruct
    void start() {
        intake = new EventIntake("lead", meters);
    }

    @PreDestroy
    void stop() {
        intake.close();
    }

    @Incoming(ACTIVITY_EVENTS)
    public Uni<Void> onActivities(KafkaRecordBatch<String, byte[]> batch) {
        return intake.take(ACTIVITY_EVENTS, batch, timeline::record);
    }

    @Incoming(LEAD_EVENTS)
    public Uni<Void> onLeadEvents(KafkaRecordBatch<String, byte[]> batch) {
        return intake.take(LEAD_EVENTS, batch, timeline::record);
    }

    @Incoming(NURTURE_EVENTS)
    public Uni<Void> onNurtureEvents(KafkaRecordBatch<String, byte[]> batch) {
        // Effects first: an event in the timeline has taken its effect.
        return intake.take(NURTURE_EVENTS, batch, events -> {
            effects.apply(events);
            timeline.record(events);
        });
    }

    @Incoming(SCORE_EVENTS)
    public Uni<Void> onScoreEvents(KafkaRecordBatch<String, byte[]> batch) {
        return intake.take(SCORE_EVENTS, batch, effects::apply);
    }

    @Incoming(FEEDBACK_EVENTS)
    public Uni<Void> onFeedbackEvents(KafkaRecordBatch<String, byte[]> batch) {
        return intake.take(FEEDBACK_EVENTS, batch, effects::apply);
    }
}
