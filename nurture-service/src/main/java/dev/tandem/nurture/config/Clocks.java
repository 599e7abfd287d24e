package dev.tandem.nurture.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import io.quarkus.arc.DefaultBean;

import java.time.Clock;

/** The service's clock; tests replace it to move time. */
@ApplicationScoped
public class Clocks {

    @Produces
    @DefaultBean
    @jakarta.inject.Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
