package dev.tandem.feedback.repository;

import dev.tandem.platform.idempotency.Idempotency;
import dev.tandem.platform.idempotency.IdempotencyStore;
import dev.tandem.platform.idempotency.SqlIdempotencyStore;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Platform's Idempotency-Key records in this service's database (idempotency_key), purged on a schedule. */
@ApplicationScoped
public class IdempotencyKeys {

    @Inject
    Idempotency idempotency;

    @Produces
    @Singleton
    IdempotencyStore store(AgroalDataSource dataSource) {
        return new SqlIdempotencyStore(dataSource);
    }

    @Scheduled(every = "${tandem.idempotency.purge-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        idempotency.purgeExpired();
    }
}
