package dev.tandem.lead.messaging;

import dev.tandem.events.ActivityRecorded;
import dev.tandem.events.CloudEvents;
import dev.tandem.events.FeedbackEvent;
import dev.tandem.events.LeadEvent;
import dev.tandem.events.LeadQualified;
import dev.tandem.events.NurtureEvent;
import dev.tandem.events.ScoreChanged;
import dev.tandem.events.TandemEvent;
import dev.tandem.lead.service.LeadService;
import dev.tandem.lead.service.TimelineService;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every topic lead-service reads. A record that is not a valid event of its topic throws, is nacked and goes to
 * {@code <topic>.dlq} (failure-strategy=dead-letter-queue) while the partition keeps flowing. Effects are
 * idempotent: timeline entries are keyed by event id, stage and score changes record the event id they applied.
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
    LeadService leads;

    @Incoming(ACTIVITY_EVENTS)
    @Blocking
    public void onActivity(ConsumerRecord<String, byte[]> record) {
        TandemEvent event = CloudEvents.fromRecord(record);
        timeline.record((ActivityRecorded) event);
    }

    @Incoming(LEAD_EVENTS)
    @Blocking
    public void onLeadEvent(ConsumerRecord<String, byte[]> record) {
        timeline.record((LeadEvent) CloudEvents.fromRecord(record));
    }

    @Incoming(NURTURE_EVENTS)
    @Blocking
    public void onNurtureEvent(ConsumerRecord<String, byte[]> record) {
        timeline.record((NurtureEvent) CloudEvents.fromRecord(record));
    }

    @Incoming(SCORE_EVENTS)
    @Blocking
    public void onScoreEvent(ConsumerRecord<String, byte[]> record) {
        TandemEvent event = CloudEvents.fromRecord(record);
        if (event instanceof ScoreChanged changed) {
            leads.applyScore(changed);
        } else if (event instanceof LeadQualified) {
            leads.applyStageEvent(event, "scoring-service");
        }
    }

    @Incoming(FEEDBACK_EVENTS)
    @Blocking
    public void onFeedbackEvent(ConsumerRecord<String, byte[]> record) {
        FeedbackEvent event = (FeedbackEvent) CloudEvents.fromRecord(record);
        leads.applyStageEvent(event, event.by());
    }
}
