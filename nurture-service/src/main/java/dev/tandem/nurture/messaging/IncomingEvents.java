package dev.tandem.nurture.messaging;

import dev.tandem.events.EventJson;
import dev.tandem.events.FeedbackEvent;
import dev.tandem.events.LeadEvent;
import dev.tandem.events.ScoreEvent;
import dev.tandem.nurture.service.LeadDirectory;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * lead.events, score.events and feedback.events, one record at a time in order per partition; a record that is not
 * an event of its topic fails and goes to the topic's DLQ (the connector's failure strategy).
 */
@ApplicationScoped
public class IncomingEvents {

    public static final String LEAD_EVENTS = "lead-events";
    public static final String SCORE_EVENTS = "score-events";
    public static final String FEEDBACK_EVENTS = "feedback-events";

    @Inject
    LeadDirectory directory;

    @Incoming(LEAD_EVENTS)
    @Blocking(ordered = true)
    public void lead(byte[] value) {
        directory.apply(EventJson.fromBytes(value, LeadEvent.class));
    }

    @Incoming(SCORE_EVENTS)
    @Blocking(ordered = true)
    public void score(byte[] value) {
        directory.apply(EventJson.fromBytes(value, ScoreEvent.class));
    }

    @Incoming(FEEDBACK_EVENTS)
    @Blocking(ordered = true)
    public void feedback(byte[] value) {
        directory.apply(EventJson.fromBytes(value, FeedbackEvent.class));
    }
}
