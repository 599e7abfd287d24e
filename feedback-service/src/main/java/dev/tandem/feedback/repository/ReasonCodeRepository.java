package dev.tandem.feedback.repository;

import dev.tandem.feedback.ReasonCode;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ReasonCodeRepository implements PanacheRepositoryBase<ReasonCode, String> {
}
