package dev.tandem.feedback.repository;

import dev.tandem.feedback.FeedbackEntry;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class FeedbackEntryRepository implements PanacheRepositoryBase<FeedbackEntry, java.util.UUID> {
}
