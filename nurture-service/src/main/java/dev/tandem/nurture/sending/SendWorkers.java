package dev.tandem.nurture.sending;

import dev.tandem.nurture.config.NurtureConfig;
import dev.tandem.nurture.service.SendEngine;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * The sender threads: each claims due enrolments one at a time (SKIP LOCKED, so threads and replicas share the work
 * without a global lock) and rests for the poll interval when none is due.
 */
@ApplicationScoped
public class SendWorkers {

    private static final Logger LOG = Logger.getLogger(SendWorkers.class);

    @Inject
    SendEngine engine;

    @Inject
    NurtureConfig config;

    @Inject
    Clock clock;

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    void start(@Observes StartupEvent event) {
        if (!config.sending().enabled()) {
            return;
        }
        running = true;
        for (int i = 0; i < config.sending().workers(); i++) {
            Thread thread = new Thread(this::work, "nurture-sender-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        threads.forEach(LockSupport::unpark);
        for (Thread thread : threads) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void work() {
        while (running) {
            boolean worked;
            try {
                worked = engine.processOne();
            } catch (RuntimeException e) {
                UUID failed = SendEngine.lastClaimed();
                LOG.errorf(e, "enrollment %s failed; looked at again in 5 minutes", failed);
                if (failed != null) {
                    try {
                        engine.deferAfterFailure(failed, clock.instant());
                    } catch (RuntimeException again) {
                        LOG.warn("could not defer the failed enrollment", again);
                    }
                }
                worked = false;
            }
            if (!worked && running) {
                LockSupport.parkNanos(config.sending().pollEvery().toNanos());
            }
        }
    }
}
