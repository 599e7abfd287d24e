package dev.tandem.nurture.repository;

import dev.tandem.nurture.Enrollment;
import dev.tandem.nurture.EnrollmentState;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class EnrollmentRepository implements PanacheRepositoryBase<Enrollment, UUID> {

    public Optional<Enrollment> open(UUID campaignId, String leadId) {
        return find("campaignId = ?1 and leadId = ?2 and state in ?3", campaignId, leadId,
                List.of(EnrollmentState.ACTIVE, EnrollmentState.PAUSED)).firstResultOptional();
    }

    /**
     * The lead's open enrolments, locked, skipping any a sender holds: callers hold the lead's row lock, which that
     * sender waits for next, so waiting here would deadlock; the sender sees the change under the lead's lock itself.
     */
    @SuppressWarnings("unchecked")
    public List<Enrollment> openOf(String leadId) {
        return getEntityManager().createNativeQuery("select * from enrollment where lead_id = ?1"
                        + " and state in ('ACTIVE', 'PAUSED') order by started_at for update skip locked", Enrollment.class)
                .setParameter(1, leadId).getResultList();
    }

    public List<Enrollment> ofLead(String leadId) {
        return list("leadId = ?1 order by startedAt desc", leadId);
    }

    public Optional<Instant> lastEnded(UUID campaignId, String leadId) {
        return find("campaignId = ?1 and leadId = ?2 order by startedAt desc", campaignId, leadId)
                .firstResultOptional().map(e -> e.endedAt == null ? Instant.MAX : e.endedAt);
    }

    /**
     * Claims one due active enrolment: locked for this transaction, skipped by every other claimer (replicas and
     * threads), read through the partial index on next_action_at.
     */
    @SuppressWarnings("unchecked")
    public Optional<Enrollment> claimDue(Instant now) {
        List<Enrollment> rows = getEntityManager().createNativeQuery(
                        "select * from enrollment where state = 'ACTIVE' and next_action_at <= ?1"
                                + " order by next_action_at limit 1 for update skip locked", Enrollment.class)
                .setParameter(1, now)
                .getResultList();
        return rows.stream().findFirst();
    }
}
