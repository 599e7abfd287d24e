package dev.tandem.feedback.service;

import dev.tandem.feedback.config.FeedbackConfig;
import dev.tandem.platform.calendar.BusinessCalendar;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.tandem.platform.store.SqlColumns.instant;

/**
 * The shared KGI: targets per period (and team), actuals aggregated in SQL from the stored funnel facts
 * ({@code stage_fact}, from lead-service's stage changes) and deals, pace, conversion and velocity, broken down by
 * source, campaign, owner and team. A lead counts in a period for a stage when it entered the stage in it.
 */
@ApplicationScoped
public class KgiService {

    public static final List<String> METRICS = List.of("mqls", "sqls", "opportunities", "deals_won", "revenue");
    private static final Map<String, String> STAGE_OF = Map.of("mqls", "mql", "sqls", "sql",
            "opportunities", "opportunity", "deals_won", "customer");
    private static final List<String> DIMENSIONS = List.of("source", "campaign", "owner", "team");

    @Inject
    FeedbackConfig config;

    @Inject
    Calendars calendars;

    public record Metric(String metric, String currency, BigDecimal actual, BigDecimal target, BigDecimal projected,
                         BigDecimal attainment) {
    }

    public record Conversion(String from, String to, long entered, long converted, BigDecimal rate) {
    }

    public record Velocity(String from, String to, long leads, BigDecimal medianBusinessDays) {
    }

    public record Row(String value, long mqls, long sqls, long opportunities, long dealsWon,
                      Map<String, String> revenue) {
    }

    public record Kgi(String period, String teamId, Instant start, Instant end, BigDecimal elapsed,
                      List<Metric> metrics, List<Conversion> funnel, List<Velocity> velocity,
                      Map<String, List<Row>> by) {
    }

    public record TargetInput(String metric, String currency, BigDecimal value) {
    }

    @Transactional
    public void setTargets(Period period, String teamId, List<TargetInput> targets, String by) {
        EntityManager em = Panache.getEntityManager();
        for (TargetInput target : targets) {
            em.createNativeQuery("INSERT INTO kgi_target (period, team_id, metric, currency, value, updated_at, updated_by)"
                            + " VALUES (?1, ?2, ?3, ?4, ?5, now(), ?6) ON CONFLICT (period, team_id, metric, currency)"
                            + " DO UPDATE SET value = EXCLUDED.value, updated_at = now(), updated_by = EXCLUDED.updated_by")
                    .setParameter(1, period.code()).setParameter(2, teamId == null ? "" : teamId)
                    .setParameter(3, target.metric()).setParameter(4, target.currency() == null ? "" : target.currency())
                    .setParameter(5, target.value()).setParameter(6, by).executeUpdate();
        }
    }

    @Transactional
    public List<TargetInput> targets(Period period, String teamId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("SELECT metric, currency, value FROM kgi_target"
                        + " WHERE period = ?1 AND team_id = ?2 ORDER BY metric, currency")
                .setParameter(1, period.code()).setParameter(2, teamId == null ? "" : teamId).getResultList();
        return rows.stream().map(r -> new TargetInput((String) r[0], ((String) r[1]).isEmpty() ? null : (String) r[1],
                plain((BigDecimal) r[2]))).toList();
    }

    @Transactional
    public Kgi kgi(Period period, String teamId, Instant now) {
        Instant start = period.start(config.zone());
        Instant end = period.end(config.zone());
        BigDecimal elapsed = fraction(start, end, now);
        EntityManager em = Panache.getEntityManager();
        String teamFilter = teamId == null ? "" : " AND r.team_id = ?3";
        String ownerInTeam = teamId == null ? "" : " AND owner_id IN (SELECT id FROM rep WHERE team_id = ?2)";

        Map<String, Long> counts = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> stageCounts = byPeriod(em, "SELECT stage, sum(leads) FROM kgi_count WHERE period = ?1" + ownerInTeam
                + " GROUP BY stage", period, teamId).getResultList();
        stageCounts.forEach(r -> counts.put((String) r[0], ((Number) r[1]).longValue()));

        String dealTeam = " LEFT JOIN rep r ON r.id = d.owner_id ";
        @SuppressWarnings("unchecked")
        List<Object[]> won = query(em, "SELECT d.currency, count(*), coalesce(sum(d.amount), 0) FROM deal d" + dealTeam
                + " WHERE d.status = 'won' AND d.closed_at >= ?1 AND d.closed_at < ?2" + teamFilter
                + " GROUP BY d.currency ORDER BY d.currency", start, end, teamId);
        long dealsWon = won.stream().mapToLong(r -> ((Number) r[1]).longValue()).sum();
        Map<String, BigDecimal> revenue = new TreeMap<>();
        won.forEach(r -> revenue.put((String) r[0], (BigDecimal) r[2]));

        Map<String, BigDecimal> targetOf = new LinkedHashMap<>();
        targets(period, teamId).forEach(t -> targetOf.put(t.metric() + ":" + (t.currency() == null ? "" : t.currency()),
                t.value()));
        List<Metric> metrics = new ArrayList<>();
        for (String metric : List.of("mqls", "sqls", "opportunities")) {
            metrics.add(metric(metric, null, BigDecimal.valueOf(counts.getOrDefault(STAGE_OF.get(metric), 0L)),
                    targetOf.get(metric + ":"), elapsed));
        }
        metrics.add(metric("deals_won", null, BigDecimal.valueOf(dealsWon), targetOf.get("deals_won:"), elapsed));
        java.util.Set<String> currencies = new java.util.TreeSet<>(revenue.keySet());
        targetOf.keySet().stream().filter(k -> k.startsWith("revenue:")).map(k -> k.substring(8)).forEach(currencies::add);
        for (String currency : currencies) {
            metrics.add(metric("revenue", currency, revenue.getOrDefault(currency, BigDecimal.ZERO),
                    targetOf.get("revenue:" + currency), elapsed));
        }

        long mqls = counts.getOrDefault("mql", 0L);
        long sqls = counts.getOrDefault("sql", 0L);
        long opps = counts.getOrDefault("opportunity", 0L);
        List<Conversion> funnel = List.of(conversion("mql", "sql", mqls, sqls), conversion("sql", "opportunity", sqls, opps),
                conversion("opportunity", "customer", opps, dealsWon));

        List<Velocity> velocity = new ArrayList<>();
        for (int i = 0; i < KgiFunnel.STEPS.size(); i++) {
            velocity.add(velocity(em, period, teamId, i, start, end));
        }

        Map<String, List<Row>> by = new LinkedHashMap<>();
        for (String dimension : DIMENSIONS) {
            by.put(dimension, breakdown(em, dimension, period, start, end, teamId));
        }
        return new Kgi(period.code(), teamId, start, end, elapsed, metrics, funnel, velocity, by);
    }

    /**
     * The median business days of a step from the velocity histogram; rows whose days a rebuild left pending (until
     * the service has computed them) are computed here, so the figure is exact meanwhile.
     */
    private Velocity velocity(EntityManager em, Period period, String teamId, int step, Instant start, Instant end) {
        String from = KgiFunnel.STAGES.get(step);
        String to = KgiFunnel.STAGES.get(step + 1);
        TreeMap<BigDecimal, Long> histogram = new TreeMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = byPeriod(em, "SELECT days, sum(leads) FROM kgi_velocity WHERE period = ?1 AND step = '"
                + KgiFunnel.STEPS.get(step) + "'" + (teamId == null ? "" : " AND owner_id IN (SELECT id FROM rep WHERE team_id = ?2)")
                + " GROUP BY days", period, teamId).getResultList();
        rows.forEach(r -> histogram.merge((BigDecimal) r[0], ((Number) r[1]).longValue(), Long::sum));
        @SuppressWarnings("unchecked")
        List<Object[]> pending = query(em, "SELECT " + from + "_at, " + to + "_at FROM lead_funnel WHERE days_pending"
                + " AND " + to + "_at >= ?1 AND " + to + "_at < ?2 AND " + to + "_at >= " + from + "_at"
                + (teamId == null ? "" : " AND owner_id IN (SELECT id FROM rep WHERE team_id = ?3)"), start, end, teamId);
        if (!pending.isEmpty()) {
            BusinessCalendar calendar = calendars.companyDefault();
            pending.forEach(p -> histogram.merge(businessDays(calendar, instant(p[0]), instant(p[1])), 1L, Long::sum));
        }
        long leads = histogram.values().stream().mapToLong(Long::longValue).sum();
        BigDecimal median = median(histogram, leads);
        return new Velocity(from, to, leads, median == null ? null : plain(median));
    }

    private static List<Row> breakdown(EntityManager em, String dimension, Period period, Instant start, Instant end,
                                       String teamId) {
        String column = switch (dimension) {
            case "source" -> "l.source";
            case "campaign" -> "l.campaign";
            case "owner" -> "l.owner_id";
            default -> "r.team_id";
        };
        String teamFilter = teamId == null ? "" : " AND r.team_id = ?3";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = byPeriod(em, "SELECT coalesce(" + column.replace("l.", "k.") + ", '(none)') v,"
                + " coalesce(sum(k.leads) FILTER (WHERE k.stage = 'mql'), 0),"
                + " coalesce(sum(k.leads) FILTER (WHERE k.stage = 'sql'), 0),"
                + " coalesce(sum(k.leads) FILTER (WHERE k.stage = 'opportunity'), 0)"
                + " FROM kgi_count k LEFT JOIN rep r ON r.id = k.owner_id WHERE k.period = ?1"
                + (teamId == null ? "" : " AND r.team_id = ?2") + " GROUP BY v HAVING sum(k.leads) > 0 ORDER BY v",
                period, teamId).getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> deals = query(em, "SELECT coalesce(" + column + ", '(none)') v, d.currency, count(*), sum(d.amount)"
                + " FROM deal d LEFT JOIN lead_copy l ON l.id = d.lead_id LEFT JOIN rep r ON r.id = d.owner_id"
                + " WHERE d.status = 'won' AND d.closed_at >= ?1 AND d.closed_at < ?2" + teamFilter
                + " GROUP BY v, d.currency ORDER BY v, d.currency", start, end, teamId);
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Map<String, String>> money = new TreeMap<>();
        rows.forEach(r -> counts.put((String) r[0], new long[]{((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                ((Number) r[3]).longValue(), 0}));
        deals.forEach(r -> {
            counts.computeIfAbsent((String) r[0], k -> new long[4])[3] += ((Number) r[2]).longValue();
            money.computeIfAbsent((String) r[0], k -> new TreeMap<>()).put((String) r[1],
                    ((BigDecimal) r[3]).stripTrailingZeros().toPlainString());
        });
        List<Row> result = new ArrayList<>();
        counts.forEach((value, c) -> result.add(new Row(value, c[0], c[1], c[2], c[3], money.getOrDefault(value, Map.of()))));
        return result;
    }

    private static jakarta.persistence.Query byPeriod(EntityManager em, String sql, Period period, String teamId) {
        var query = em.createNativeQuery(sql).setParameter(1, period.code());
        return teamId == null ? query : query.setParameter(2, teamId);
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> query(EntityManager em, String sql, Instant start, Instant end, String teamId) {
        var query = em.createNativeQuery(sql).setParameter(1, start).setParameter(2, end);
        if (teamId != null) {
            query.setParameter(3, teamId);
        }
        return (List<Object[]>) query.getResultList();
    }


    /** Business days between two instants on the calendar (its open time divided by a full day's hours). */
    static BigDecimal businessDays(BusinessCalendar calendar, Instant from, Instant to) {
        Duration open = calendar.businessTimeBetween(from, to);
        LocalDate reference = calendar.nextBusinessDay(LocalDate.of(2026, 1, 5));
        Duration day = calendar.openSpans(reference).stream().map(s -> s.length()).reduce(Duration.ZERO, Duration::plus);
        return BigDecimal.valueOf(open.toSeconds()).divide(BigDecimal.valueOf(day.toSeconds()), 2, RoundingMode.HALF_UP);
    }

    /** The median of {@code n} values given as value → how many (ascending); the mean of the middle two when n is even. */
    static BigDecimal median(TreeMap<BigDecimal, Long> histogram, long n) {
        if (n == 0) {
            return null;
        }
        long lower = (n - 1) / 2;
        long upper = n / 2;
        BigDecimal low = null;
        long seen = 0;
        for (var e : histogram.entrySet()) {
            seen += e.getValue();
            if (low == null && seen > lower) {
                low = e.getKey();
            }
            if (seen > upper) {
                return low.add(e.getKey()).divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_UP);
            }
        }
        throw new IllegalStateException("histogram holds fewer than " + n + " values");
    }

    private static Metric metric(String name, String currency, BigDecimal actual, BigDecimal target, BigDecimal elapsed) {
        BigDecimal projected = elapsed.signum() == 0 ? null : actual.divide(elapsed, 2, RoundingMode.HALF_UP);
        BigDecimal attainment = target == null || target.signum() == 0 ? null
                : actual.divide(target, 4, RoundingMode.HALF_UP);
        return new Metric(name, currency, plain(actual), target == null ? null : plain(target),
                projected == null ? null : plain(projected), attainment == null ? null : plain(attainment));
    }

    /** Exact, without trailing zeros and never in exponent form (1E+1). */
    static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static Conversion conversion(String from, String to, long entered, long converted) {
        BigDecimal rate = entered == 0 ? null
                : BigDecimal.valueOf(converted).divide(BigDecimal.valueOf(entered), 4, RoundingMode.HALF_UP);
        return new Conversion(from, to, entered, converted, rate == null ? null : plain(rate));
    }

    private static BigDecimal fraction(Instant start, Instant end, Instant now) {
        if (!now.isAfter(start)) {
            return BigDecimal.ZERO;
        }
        if (!now.isBefore(end)) {
            return BigDecimal.ONE;
        }
        return BigDecimal.valueOf(Duration.between(start, now).toSeconds())
                .divide(BigDecimal.valueOf(Duration.between(start, end).toSeconds()), 6, RoundingMode.HALF_UP);
    }
}
