package dev.tandem.lead.repository;

import dev.tandem.platform.idempotency.Idempotency;
import dev.tandem.platform.idempotency.MongoIdempotencyStore;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The {@value #COLLECTION} collection: platform's {@code Idempotency-Key} records (see {@link MongoIdempotencyStore}),
 * purged on a schedule once older than {@code tandem.idempotency.retention}.
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String COLLECTION = "idempotency_keys";

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);

    @Inject
    LeadsDatabase database;

    @Inject
    Idempotency idempotency;

    @Produces
    @Singleton
    MongoIdempotencyStore store() {
        return new MongoIdempotencyStore(database.collection(COLLECTION));
    }

    void createIndexes(@Observes StartupEvent start, MongoIdempotencyStore store) {
        store.createIndexes();
    }

    @Scheduled(every = "${tandem.idempotency.purge-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        long purged = idempotency.purgeExpired();
        if (purged > 0) {
            LOG.debugf("purged %d expired Idempotency-Key records", purged);
        }
    }
}
