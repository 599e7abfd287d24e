package dev.tandem.platform.example.repository;

import dev.tandem.platform.idempotency.IdempotencyStore;
import dev.tandem.platform.idempotency.SqlIdempotencyStore;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The example's Idempotency-Key store: platform's table in the service's own database. */
@ApplicationScoped
public class IdempotencyKeys {

    @Produces
    @Singleton
    IdempotencyStore store(AgroalDataSource dataSource) {
        return new SqlIdempotencyStore(dataSource);
    }
}
