package dev.tandem.feedback.messaging;

import dev.tandem.feedback.service.LeadCopies;
import dev.tandem.platform.intake.EventIntake;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The topics feedback-service reads, in batches through platform's {@link EventIntake}; effects are idempotent. */
@ApplicationScoped
public class IncomingEvents {

    public static final String LEAD_EVENTS = "lead-events";
    public static final String SCORE_EVENTS = "score-events";
    public static final String ACTIVITY_EVENTS = "activity-events";
    public static final String NURTURE_EVENTS = "nurture-events";

    @Inject
    LeadCopies leads;

    @Inject
    MeterRegistry meters;

    private EventIntake intake;

    @PostConstruct
    void start() {
        intake = new EventIntake("feedback", meters);
    }

    @PreDestroy
    void stop() {
        intake.close();
    }

    @Incoming(LEAD_EVENTS)
    public Uni<Void> onLeadEvents(KafkaRecordBatch<String, byte[]> batch) {
        return intake.take(LEAD_EVENTS, batch, leads::apply);
    }

    @Incoming(SCORE_EVENTS)
    public Uni<Void> onScoreEvents(KafkaRecordBatch<String, byte[]> batch) {
        return intake.take(SCORE_EVENTS, batch, leads::apply);
    }

    @Incoming(ACTIVITY_EVENTS)
    public Uni<Void> onActivityEvents(KafkaRecordBatch<String, byte[]> batch) {
        return intake.take(ACTIVITY_EVENTS, batch, leads::apply);
    }

    @Incoming(NURTURE_EVENTS)
    public Uni<Void> onNurtureEvents(KafkaRecordBatch<String, byte[]> batch) {
        return intake.take(NURTURE_EVENTS, batch, leads::apply);
    }
}
