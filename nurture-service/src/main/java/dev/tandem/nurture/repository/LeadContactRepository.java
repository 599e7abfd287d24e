package dev.tandem.nurture.repository;

import dev.tandem.nurture.LeadContact;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.Optional;

@ApplicationScoped
public class LeadContactRepository implements PanacheRepositoryBase<LeadContact, String> {

    /** The lead's row, locked: serialises its sends across campaigns (frequency cap) against its unsubscribe. */
    public Optional<LeadContact> locked(String leadId) {
        return findByIdOptional(leadId, LockModeType.PESSIMISTIC_WRITE);
    }
}
