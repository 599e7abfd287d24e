package dev.tandem.feedback.service;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which lead attributes are over-represented among rejected MQLs against accepted ones: for each value, its share
 * of the rejected divided by its share of the accepted (lift; above 1 = more common among rejections). A lead counts
 * once, with its latest accept or reject in the window. Aggregated in SQL.
 */
@ApplicationScoped
public class InsightService {

    static final List<String> ATTRIBUTES = List.of("source", "campaign", "industry", "prefecture", "country");

    public record AttributeLift(String attribute, String value, long rejected, long accepted, BigDecimal rejectedShare,
                                BigDecimal acceptedShare, BigDecimal lift) {
    }

    public record ReasonCount(String reasonCode, long count) {
    }

    public record Rejections(Instant from, Instant to, long rejected, long accepted, List<ReasonCount> reasons,
                             List<AttributeLift> attributes) {
    }

    private static final String OUTCOMES = "WITH outcome AS (SELECT DISTINCT ON (lead_id) lead_id, kind, reason_code"
            + " FROM feedback WHERE kind IN ('accept', 'reject') AND occurred_at >= ?1 AND occurred_at < ?2"
            + " ORDER BY lead_id, occurred_at DESC, recorded_at DESC) ";

    @Transactional
    public Rejections rejections(Instant from, Instant to) {
        var em = Panache.getEntityManager();
        Object[] totals = (Object[]) em.createNativeQuery(OUTCOMES + "SELECT count(*) FILTER (WHERE kind = 'reject'),"
                + " count(*) FILTER (WHERE kind = 'accept') FROM outcome").setParameter(1, from).setParameter(2, to)
                .getSingleResult();
        long rejected = ((Number) totals[0]).longValue();
        long accepted = ((Number) totals[1]).longValue();
        @SuppressWarnings("unchecked")
        List<Object[]> reasonRows = em.createNativeQuery(OUTCOMES + "SELECT reason_code, count(*) FROM outcome"
                        + " WHERE kind = 'reject' GROUP BY reason_code ORDER BY count(*) DESC, reason_code")
                .setParameter(1, from).setParameter(2, to).getResultList();
        List<ReasonCount> reasons = reasonRows.stream()
                .map(r -> new ReasonCount((String) r[0], ((Number) r[1]).longValue())).toList();
        StringBuilder sql = new StringBuilder(OUTCOMES);
        for (int i = 0; i < ATTRIBUTES.size(); i++) {
            String attribute = ATTRIBUTES.get(i);
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT '").append(attribute).append("', coalesce(l.")
                    .append(attribute).append(", '(none)') v, count(*) FILTER (WHERE o.kind = 'reject'),")
                    .append(" count(*) FILTER (WHERE o.kind = 'accept') FROM outcome o JOIN lead_copy l ON l.id = o.lead_id")
                    .append(" GROUP BY v");
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(sql.toString()).setParameter(1, from).setParameter(2, to)
                .getResultList();
        List<AttributeLift> lifts = new ArrayList<>();
        for (Object[] row : rows) {
            long r = ((Number) row[2]).longValue();
            long a = ((Number) row[3]).longValue();
            BigDecimal rShare = share(r, rejected);
            BigDecimal aShare = share(a, accepted);
            BigDecimal lift = rShare == null || aShare == null || aShare.signum() == 0 ? null
                    : rShare.divide(aShare, 4, RoundingMode.HALF_UP);
            lifts.add(new AttributeLift((String) row[0], (String) row[1], r, a, rShare, aShare, lift));
        }
        lifts.sort(Comparator.comparing(AttributeLift::attribute)
                .thenComparing(AttributeLift::lift, Comparator.nullsFirst(Comparator.reverseOrder()))
                .thenComparing(AttributeLift::rejected, Comparator.reverseOrder())
                .thenComparing(AttributeLift::value));
        return new Rejections(from, to, rejected, accepted, reasons, lifts);
    }

    private static BigDecimal share(long part, long total) {
        return total == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(total), 4, RoundingMode.HALF_UP);
    }
}
