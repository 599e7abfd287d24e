package dev.tandem.feedback.repository;

import dev.tandem.feedback.Deal;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class DealRepository implements PanacheRepositoryBase<Deal, String> {
}
