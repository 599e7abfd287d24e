package dev.tandem.feedback.repository;

import dev.tandem.feedback.Rep;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RepRepository implements PanacheRepositoryBase<Rep, String> {
}
