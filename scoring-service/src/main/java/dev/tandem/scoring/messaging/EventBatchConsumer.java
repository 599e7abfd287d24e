package dev.tandem.scoring.messaging;

import dev.tandem.platform.intake.EventIntake;
import dev.tandem.scoring.service.OutcomeService;
import dev.tandem.scoring.service.ScoringService;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes lead.events, activity.events and feedback.events in batches through the {@link EventIntake}: a poison
 * record goes to its topic's dead-letter queue while the rest of its batch is applied in one bulk write, and a store
 * outage is waited out. Scoring and outcomes are idempotent by event id, as the intake requires.
 */
@ApplicationScoped
public class EventBatchConsumer {

    @Inject
    ScoringService scoring;
    @Inject
    OutcomeService outcomes;
    @Inject
    MeterRegistry meters;

    private EventIntake intake;

    @PostConstruct
    void start() {
        intake = new EventIntake("scoring", meters);
    }

    @PreDestroy
    void stop() {
        intake.close();
    }

    @Incoming(Channels.ACTIVITIES)
    public Uni<Void> onActivities(KafkaRecordBatch<String, byte[]> batch) {
        return intake.take(Channels.ACTIVITIES, batch, scoring::apply);
    }

    @Incoming(Channels.LEADS)
    public Uni<Void> onLeads(KafkaRecordBatch<String, byte[]> batch) {
        return intake.take(Channels.LEADS, batch, scoring::apply);
    }

    @Incoming(Channels.FEEDBACK)
    public Uni<Void> onFeedback(KafkaRecordBatch<String, byte[]> batch) {
        return intake.take(Channels.FEEDBACK, batch, outcomes::record);
    }
}
