package dev.tandem.nurture.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Addresses never to mail again, keyed by the lower-cased address. */
@ApplicationScoped
public class SuppressionRepository {

    @Inject
    EntityManager em;

    public boolean add(String email, String reason, String leadId, Instant at) {
        return em.createNativeQuery("insert into suppression (email, reason, lead_id, at) values (?1, ?2, ?3, ?4)"
                        + " on conflict (email) do nothing")
                .setParameter(1, normal(email)).setParameter(2, reason).setParameter(3, leadId).setParameter(4, at)
                .executeUpdate() == 1;
    }

    public Optional<String> reason(String email) {
        if (email == null) {
            return Optional.empty();
        }
        List<?> rows = em.createNativeQuery("select reason from suppression where email = ?1")
                .setParameter(1, normal(email)).getResultList();
        return rows.stream().findFirst().map(Object::toString);
    }

    public void eraseLead(String leadId) {
        // The address itself stays suppressed (so an erased person is never mailed again), unlinked from the lead.
        em.createNativeQuery("update suppression set lead_id = null where lead_id = ?1").setParameter(1, leadId)
                .executeUpdate();
    }

    private static String normal(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }
}
