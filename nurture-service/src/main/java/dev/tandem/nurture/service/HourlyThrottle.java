package dev.tandem.nurture.service;

import dev.tandem.nurture.repository.SendLogRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;

/**
 * The global hourly throttle without a count over the last hour's send log on every send (that count grows with
 * the hour's volume: 10,000 index entries per send at the end of a 10,000 backlog). The count is read at most once a
 * second and this replica's own sends are added in between, so other replicas' sends are seen within a second;
 * the throttle can overshoot by what the other replicas send in that second.
 */
@ApplicationScoped
public class HourlyThrottle {

    static final Duration REFRESH = Duration.ofSeconds(1);

    @Inject
    SendLogRepository sendLog;

    private Instant readAt = Instant.MIN;
    private long counted;
    private long sentSinceRead;

    /** True when another send fits under {@code limit} sends per hour. Runs inside the sender's transaction. */
    public boolean allows(Instant now, long limit) {
        long known;
        synchronized (this) {
            if (now.isBefore(readAt.plus(REFRESH)) && !now.isBefore(readAt)) {
                return counted + sentSinceRead < limit;
            }
        }
        known = sendLog.sentSince(now.minus(Duration.ofHours(1)));
        synchronized (this) {
            readAt = now;
            counted = known;
            sentSinceRead = 0;
            return known < limit;
        }
    }

    /** A send of this replica, counted until the next read. */
    public synchronized void sent() {
        sentSinceRead++;
    }
}
