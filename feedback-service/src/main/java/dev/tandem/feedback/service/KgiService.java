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
        String teamJoin = " LEFT JOIN lead_copy l ON l.id = f.lead_id LEFT JOIN rep r ON r.id = l.owner_id ";
        String teamFilter = teamId == null ? "" : " AND r.team_id = ?3";

        Map<String, Long> counts = new LinkedHashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> stageCounts = query(em, "SELECT f.stage, count(DISTINCT f.lead_id) FROM stage_fact f" + teamJoin
                + " WHERE f.at >= ?1 AND f.at < ?2" + teamFilter + " GROUP BY f.stage", start, end, teamId);
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
        BusinessCalendar calendar = calendars.companyDefault();
        for (String[] step : List.of(new String[]{"mql", "sql"}, new String[]{"sql", "opportunity"},
                new String[]{"opportunity", "customer"})) {
            @SuppressWarnings("unchecked")
            List<Object[]> pairs = query(em, "SELECT a.at, b.at FROM (SELECT lead_id, min(at) at FROM stage_fact"
                    + " WHERE stage = '" + step[0] + "' GROUP BY lead_id) a JOIN (SELECT lead_id, min(at) at FROM stage_fact"
                    + " WHERE stage = '" + step[1] + "' GROUP BY lead_id) b ON a.lead_id = b.lead_id AND b.at >= a.at"
                    + " LEFT JOIN lead_copy l ON l.id = a.lead_id LEFT JOIN rep r ON r.id = l.owner_id"
                    + " WHERE b.at >= ?1 AND b.at < ?2" + teamFilter, start, end, teamId);
            List<BigDecimal> days = pairs.stream().map(p -> businessDays(calendar, instant(p[0]), instant(p[1]))).sorted().toList();
            BigDecimal median = median(days);
            velocity.add(new Velocity(step[0], step[1], days.size(), median == null ? null : plain(median)));
        }

        Map<String, List<Row>> by = new LinkedHashMap<>();
        for (String dimension : DIMENSIONS) {
            by.put(dimension, breakdown(em, dimension, start, end, teamId));
        }
        return new Kgi(period.code(), teamId, start, end, elapsed, metrics, funnel, velocity, by);
    }

    private static List<Row> breakdown(EntityManager em, String dimension, Instant start, Instant end, String teamId) {
        String column = switch (dimension) {
            case "source" -> "l.source";
            case "campaign" -> "l.campaign";
            case "owner" -> "l.owner_id";
            default -> "r.team_id";
        };
        String teamFilter = teamId == null ? "" : " AND r.team_id = ?3";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query(em, "SELECT coalesce(" + column + ", '(none)') v,"
                + " count(DISTINCT f.lead_id) FILTER (WHERE f.stage = 'mql'),"
                + " count(DISTINCT f.lead_id) FILTER (WHERE f.stage = 'sql'),"
                + " count(DISTINCT f.lead_id) FILTER (WHERE f.stage = 'opportunity')"
                + " FROM stage_fact f LEFT JOIN lead_copy l ON l.id = f.lead_id LEFT JOIN rep r ON r.id = l.owner_id"
                + " WHERE f.at >= ?1 AND f.at < ?2" + teamFilter + " GROUP BY v ORDER BY v", start, end, teamId);
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

    private static BigDecimal median(List<BigDecimal> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2)
                : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(BigDecimal.valueOf(2), 2, RoundingMode.HALF_UP);
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
