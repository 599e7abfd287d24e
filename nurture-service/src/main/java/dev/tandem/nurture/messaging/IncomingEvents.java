package dev.tandem.nurture.messaging;

import dev.tandem.events.EventJson;
import dev.tandem.events.FeedbackEvent;
import dev.tandem.events.LeadEvent;
import dev.tandem.events.ScoreEvent;
import dev.tandem.events.TandemEvent;
import dev.tandem.nurture.service.LeadDirectory;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.concurrent.locks.LockSupport;

/**
 * lead.events, score.events and feedback.events, one record at a time in order per partition; a record that is not
 * an event of its topic fails and goes to the topic's DLQ (the connector's failure strategy). A database that cannot
 * be reached, a deadlock or a serialization failure is waited out and the event applied again, never dead-lettered.
 */
@ApplicationScoped
public class IncomingEvents {

    private static final Logger LOG = Logger.getLogger(IncomingEvents.class);

    public static final String LEAD_EVENTS = "lead-events";
    public static final String SCORE_EVENTS = "score-events";
    public static final String FEEDBACK_EVENTS = "feedback-events";

    @Inject
    LeadDirectory directory;

    @Incoming(LEAD_EVENTS)
    @Blocking(ordered = true)
    public void lead(byte[] value) {
        applyPatiently(EventJson.fromBytes(value, LeadEvent.class));
    }

    @Incoming(SCORE_EVENTS)
    @Blocking(ordered = true)
    public void score(byte[] value) {
        applyPatiently(EventJson.fromBytes(value, ScoreEvent.class));
    }

    @Incoming(FEEDBACK_EVENTS)
    @Blocking(ordered = true)
    public void feedback(byte[] value) {
        applyPatiently(EventJson.fromBytes(value, FeedbackEvent.class));
    }

    private void applyPatiently(TandemEvent event) {
        long pauseMillis = 200;
        while (true) {
            try {
                directory.apply(event);
                return;
            } catch (RuntimeException e) {
                if (!transientStoreFailure(e)) {
                    throw e;
                }
                LOG.warnf("store not available for %s %s, trying again in %d ms: %s", event.type(), event.eventId(),
                        pauseMillis, e.getMessage());
                LockSupport.parkNanos(pauseMillis * 1_000_000);
                pauseMillis = Math.min(pauseMillis * 2, 5000);
            }
        }
    }

    /** Connection failures (SQLState 08…), shutdowns (57P…), deadlocks and serialization failures (40…). */
    static boolean transientStoreFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")
                    || sql.getSQLState().startsWith("40"))) {
                return true;
            }
        }
        return false;
    }
}
