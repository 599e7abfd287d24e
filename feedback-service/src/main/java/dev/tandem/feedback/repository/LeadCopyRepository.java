package dev.tandem.feedback.repository;

import dev.tandem.feedback.LeadCopy;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class LeadCopyRepository implements PanacheRepositoryBase<LeadCopy, String> {
}
