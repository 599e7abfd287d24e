package dev.tandem.lead.messaging;

import dev.tandem.platform.outbox.EventProducers;
import dev.tandem.platform.outbox.OutboxPublishException;
import dev.tandem.platform.outbox.OutboxRelay;
import dev.tandem.platform.outbox.PendingEvent;
import dev.tandem.lead.config.LeadConfig;
import dev.tandem.lead.repository.LeadRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes the events leads carry in their outbox to {@code lead.events}. Writers {@link #announce} the leads
 * they changed, or hand over the events they just wrote ({@link #publishWritten}, no read back: the import);
 * either way they are published right away, off the request thread. A scheduled sweep publishes whatever is still
 * pending after a crash or a Kafka outage (the relay sweeps only when it can find something). All publishing runs
 * on one thread, and a sweep waits while handed-over events are queued, so the paths do not send the same pending
 * event twice.
 */
@ApplicationScoped
public class LeadEventRelay {

    public static final String SOURCE = "lead-service";

    private static final Logger LOG = Logger.getLogger(LeadEventRelay.class);

    @Inject
    LeadRepository leads;

    @Inject
    LeadConfig config;

    private KafkaProducer<String, byte[]> producer;
    private OutboxRelay relay;
    private ExecutorService worker;
    private final Set<String> announced = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final AtomicBoolean sweepQueued = new AtomicBoolean();
    private final AtomicInteger handedOver = new AtomicInteger();

    void start(@Observes StartupEvent start) {
        // A pass fails fast while Kafka is away; the events stay pending and the next sweep retries.
        producer = EventProducers.create(config.outbox().bootstrapServers(), "lead-service-outbox", Duration.ofSeconds(5));
        // Deferred removal: an imported lead's event is removed by the lead's next write (LeadEffects applying its
        // score), not by a write of its own; the sweep removes what leads nobody wrote meanwhile still hold.
        relay = new OutboxRelay(leads.collection(), producer, SOURCE, config.outbox().safetyInterval(),
                leads.published(), config.outbox().removalDelay());
        worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "lead-outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        sweep();
    }

    void stop(@Observes ShutdownEvent stop) {
        worker.shutdown();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    /** Publishes the pending events of these leads soon; never blocks on Kafka. */
    public void announce(Collection<String> leadIds) {
        announced.addAll(leadIds);
        if (!worker.isShutdown() && drainQueued.compareAndSet(false, true)) {
            worker.execute(this::drain);
        }
    }

    public void announce(String leadId) {
        announce(List.of(leadId));
    }

    /**
     * Publishes events just written into these leads' outboxes (lead id to its events, in order) without reading
     * them back; never blocks on Kafka. What fails stays for the sweep. Their removal is deferred: the lead's next
     * write or, once the removal delay is over, the sweep removes them.
     */
    public void publishWritten(Map<String, List<PendingEvent>> eventsByLead) {
        if (eventsByLead.isEmpty() || worker.isShutdown()) {
            return;
        }
        handedOver.incrementAndGet();
        worker.execute(() -> {
            try {
                publishing(() -> relay.publishWritten(eventsByLead));
            } finally {
                handedOver.decrementAndGet();
            }
        });
    }

    private void drain() {
        drainQueued.set(false);
        List<String> ids = new ArrayList<>(announced);
        announced.removeAll(ids);
        if (ids.isEmpty()) {
            return;
        }
        publishing(() -> relay.publish(ids));
    }

    private static void publishing(Runnable pass) {
        try {
            pass.run();
        } catch (OutboxPublishException e) {
            LOG.warnf("lead events stay pending until Kafka is back: %s", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("publishing lead events failed; the sweep retries", e);
        }
    }

    @Scheduled(every = "${tandem.lead.outbox.sweep-every}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (worker == null || worker.isShutdown() || !sweepQueued.compareAndSet(false, true)) {
            return;
        }
        worker.execute(() -> {
            sweepQueued.set(false);
            if (handedOver.get() > 0) {
                // It would find those events still pending and send them ahead of their queued pass; later.
                return;
            }
            try {
                // Cheap unless due: at start, after a failed pass, or once per safety interval (see OutboxRelay).
                // A pass pages through every lead with pending events, sweep-batch leads at a time.
                relay.sweepIfDue(config.outbox().sweepBatch());
            } catch (OutboxPublishException e) {
                LOG.warnf("outbox sweep: Kafka unavailable, retrying later: %s", e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("outbox sweep failed; retrying later", e);
            }
        });
    }
}
