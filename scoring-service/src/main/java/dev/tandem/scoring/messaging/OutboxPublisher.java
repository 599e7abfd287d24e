package dev.tandem.scoring.messaging;

import dev.tandem.platform.outbox.EventProducers;
import dev.tandem.platform.outbox.OutboxPublishException;
import dev.tandem.platform.outbox.OutboxRelay;
import dev.tandem.scoring.config.ScoringConfig;
import dev.tandem.scoring.repository.LeadRepository;
import dev.tandem.scoring.service.LeadsWritten;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the score events waiting in lead documents: right after a write for latency, and on a schedule for
 * whatever a crash or a Kafka outage left behind. A plain idempotent producer keeps one lead's events in order.
 * Removal is deferred: a lead's next write leaves its published events out, and the sweep removes what leads that
 * went quiet still hold (see {@link OutboxRelay}).
 */
@ApplicationScoped
public class OutboxPublisher {

    private static final Logger LOG = Logger.getLogger(OutboxPublisher.class);
    private static final int SWEEP_DOCUMENTS = 1000;

    @Inject
    LeadRepository leads;

    @Inject
    ScoringConfig config;

    private KafkaProducer<String, byte[]> producer;
    private OutboxRelay relay;
    /**
     * Publishes on its own thread so the consumer scores the next batch while Kafka acknowledges this one. One
     * thread keeps each lead's events in write order; the short queue holds the consumer back when Kafka lags.
     */
    private final ThreadPoolExecutor publisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(4), r -> new Thread(r, "scoring-outbox"), new ThreadPoolExecutor.CallerRunsPolicy());

    @PostConstruct
    void start() {
        producer = EventProducers.create(config.outboxBootstrapServers(), Channels.SOURCE + "-outbox",
                Duration.ofSeconds(10));
        relay = new OutboxRelay(leads.collection(), producer, Channels.SOURCE, OutboxRelay.DEFAULT_SAFETY_INTERVAL,
                leads.acknowledged(), OutboxRelay.DEFAULT_REMOVAL_DELAY);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        publisher.shutdown();
        publisher.awaitTermination(10, TimeUnit.SECONDS);
        producer.close(Duration.ofSeconds(5));
    }

    void onWritten(@Observes LeadsWritten written) {
        publisher.execute(() -> {
            try {
                relay.publishWritten(written.eventsByLead());
            } catch (RuntimeException e) {
                // The events stay in their documents; the sweep publishes them.
                LOG.warnf("score events left for the sweep: %s", e.getMessage());
            }
        });
    }

    @Scheduled(every = "${tandem.scoring.outbox-sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            relay.sweepIfDue(SWEEP_DOCUMENTS);
        } catch (OutboxPublishException e) {
            LOG.warnf("outbox sweep failed, retrying on the next pass: %s", e.getMessage());
        }
    }
}
