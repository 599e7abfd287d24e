package dev.tandem.feedback.service;

import dev.tandem.feedback.config.FeedbackConfig;
import dev.tandem.platform.calendar.BusinessCalendar;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hibernate.Session;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The KGI's read model, kept in step with the funnel facts (V5): one {@code lead_funnel} row per lead, and the
 * counts ({@code kgi_count}) and velocity histogram ({@code kgi_velocity}) it contributes to. A refresh recomputes a
 * lead's row from its facts and current dimensions and applies only the difference of its contributions, so it is
 * idempotent: a redelivered event, a merge or an owner change leaves every figure exact.
 */
@ApplicationScoped
public class KgiFunnel {

    /** The stages the KGI counts per period (deals won come from the deals). */
    static final List<String> COUNTED = List.of("mql", "sql", "opportunity");
    /** First-arrival stages, in funnel order; step i goes from STAGES[i] to STAGES[i + 1]. */
    static final List<String> STAGES = List.of("mql", "sql", "opportunity", "customer");
    public static final List<String> STEPS = List.of("mql_sql", "sql_opportunity", "opportunity_customer");

    private static final Comparator<List<Object>> KEY_ORDER = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int c = Comparator.nullsFirst((Object x, Object y) -> compare(x, y)).compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    @Inject
    FeedbackConfig config;

    @Inject
    Calendars calendars;

    /** A lead's funnel row. {@code firsts} per {@link #STAGES}, {@code days} per {@link #STEPS}. */
    record Row(String source, String campaign, String ownerId, Set<String> entered, Instant[] firsts,
               BigDecimal[] days, boolean pending) {

        boolean sameAs(Row other) {
            return other != null && Objects.equals(source, other.source) && Objects.equals(campaign, other.campaign)
                    && Objects.equals(ownerId, other.ownerId) && entered.equals(other.entered)
                    && Arrays.equals(firsts, other.firsts) && Arrays.equals(days, other.days) && pending == other.pending;
        }
    }

    /**
     * Brings these leads' rows and the aggregates up to date with their stored facts and dimensions, inside the
     * caller's transaction (after its changes to {@code stage_fact} and {@code lead_copy}).
     */
    public void refresh(Collection<String> leadIds) {
        if (leadIds.isEmpty()) {
            return;
        }
        var em = Panache.getEntityManager();
        em.flush();
        String[] ids = new TreeSet<>(leadIds).toArray(String[]::new);
        em.unwrap(Session.class).doWork(c -> refresh(c, ids));
    }

    private void refresh(Connection c, String[] ids) throws SQLException {
        Map<String, Row> old = new HashMap<>();
        // Locked in id order, so two transactions refreshing the same leads queue instead of deadlocking.
        try (PreparedStatement s = c.prepareStatement("SELECT lead_id, source, campaign, owner_id, entered, mql_at, sql_at,"
                + " opportunity_at, customer_at, mql_sql_days, sql_opportunity_days, opportunity_customer_days, days_pending"
                + " FROM lead_funnel WHERE lead_id = ANY(?) ORDER BY lead_id FOR UPDATE")) {
            s.setArray(1, c.createArrayOf("text", ids));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    old.put(r.getString(1), new Row(r.getString(2), r.getString(3), r.getString(4),
                            new TreeSet<>(Arrays.asList((String[]) r.getArray(5).getArray())),
                            new Instant[]{instant(r, 6), instant(r, 7), instant(r, 8), instant(r, 9)},
                            new BigDecimal[]{r.getBigDecimal(10), r.getBigDecimal(11), r.getBigDecimal(12)},
                            r.getBoolean(13)));
                }
            }
        }
        Map<String, String[]> dims = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, source, campaign, owner_id FROM lead_copy WHERE id = ANY(?)")) {
            s.setArray(1, c.createArrayOf("text", ids));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    dims.put(r.getString(1), new String[]{r.getString(2), r.getString(3), r.getString(4)});
                }
            }
        }
        Map<String, Set<String>> entered = new HashMap<>();
        Map<String, Instant[]> firsts = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT lead_id, stage, at FROM stage_fact WHERE lead_id = ANY(?)"
                + " AND stage IN ('mql', 'sql', 'opportunity', 'customer')")) {
            s.setArray(1, c.createArrayOf("text", ids));
            try (ResultSet r = s.executeQuery()) {
                ZoneId zone = config.zone();
                while (r.next()) {
                    String lead = r.getString(1);
                    String stage = r.getString(2);
                    Instant at = instant(r, 3);
                    Instant[] first = firsts.computeIfAbsent(lead, k -> new Instant[STAGES.size()]);
                    int i = STAGES.indexOf(stage);
                    if (first[i] == null || at.isBefore(first[i])) {
                        first[i] = at;
                    }
                    Set<String> in = entered.computeIfAbsent(lead, k -> new TreeSet<>());
                    if (COUNTED.contains(stage)) {
                        for (String period : periods(at, zone)) {
                            in.add(stage + "@" + period);
                        }
                    }
                }
            }
        }

        BusinessCalendar calendar = null;
        Map<List<Object>, Long> counts = new TreeMap<>(KEY_ORDER);
        Map<List<Object>, Long> velocity = new TreeMap<>(KEY_ORDER);
        List<String> gone = new ArrayList<>();
        Map<String, Row> changed = new TreeMap<>();
        for (String id : ids) {
            Row before = old.get(id);
            Row after = null;
            if (firsts.containsKey(id)) {
                String[] d = dims.getOrDefault(id, new String[3]);
                Instant[] first = firsts.get(id);
                BigDecimal[] days;
                if (before != null && !before.pending() && Arrays.equals(before.firsts(), first)) {
                    days = before.days();
                } else {
                    calendar = calendar == null ? calendars.companyDefault() : calendar;
                    days = days(calendar, first);
                }
                after = new Row(d[0], d[1], d[2], entered.get(id), first, days, false);
            }
            if (after != null && after.sameAs(before)) {
                continue;
            }
            contribute(before, -1, counts, velocity);
            contribute(after, +1, counts, velocity);
            if (after == null) {
                if (before != null) {
                    gone.add(id);
                }
            } else {
                changed.put(id, after);
            }
        }
        if (!gone.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM lead_funnel WHERE lead_id = ANY(?)")) {
                s.setArray(1, c.createArrayOf("text", gone.toArray(String[]::new)));
                s.executeUpdate();
            }
        }
        if (!changed.isEmpty()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO lead_funnel (lead_id, source, campaign, owner_id,"
                    + " entered, mql_at, sql_at, opportunity_at, customer_at, mql_sql_days, sql_opportunity_days,"
                    + " opportunity_customer_days, days_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false)"
                    + " ON CONFLICT (lead_id) DO UPDATE SET source = EXCLUDED.source, campaign = EXCLUDED.campaign,"
                    + " owner_id = EXCLUDED.owner_id, entered = EXCLUDED.entered, mql_at = EXCLUDED.mql_at,"
                    + " sql_at = EXCLUDED.sql_at, opportunity_at = EXCLUDED.opportunity_at,"
                    + " customer_at = EXCLUDED.customer_at, mql_sql_days = EXCLUDED.mql_sql_days,"
                    + " sql_opportunity_days = EXCLUDED.sql_opportunity_days,"
                    + " opportunity_customer_days = EXCLUDED.opportunity_customer_days, days_pending = false")) {
                for (var e : changed.entrySet()) {
                    Row row = e.getValue();
                    s.setString(1, e.getKey());
                    s.setString(2, row.source());
                    s.setString(3, row.campaign());
                    s.setString(4, row.ownerId());
                    s.setArray(5, c.createArrayOf("text", row.entered().toArray(String[]::new)));
                    for (int i = 0; i < 4; i++) {
                        setInstant(s, 6 + i, row.firsts()[i]);
                    }
                    for (int i = 0; i < 3; i++) {
                        s.setBigDecimal(10 + i, row.days()[i]);
                    }
                    s.addBatch();
                }
                s.executeBatch();
            }
        }
        applyCounts(c, counts);
        applyVelocity(c, velocity);
    }

    /**
     * Computes the business days of rows a rebuild left pending (the migration's backfill, the benchmark's
     * generated facts), a slice at a time; rows a refresh holds are skipped and picked up on a later pass.
     */
    @Scheduled(every = "${tandem.feedback.kgi.days-every:10s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void computePendingDaysOnSchedule() {
        int done;
        do {
            done = computePendingDays(2000);
        } while (done > 0);
    }

    /** One slice of pending rows in its own transaction; answers how many it computed. */
    public int computePendingDays(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            int[] done = new int[1];
            Panache.getEntityManager().unwrap(Session.class).doWork(c -> done[0] = computePendingDays(c, limit));
            return done[0];
        });
    }

    private int computePendingDays(Connection c, int limit) throws SQLException {
        Map<List<Object>, Long> velocity = new TreeMap<>(KEY_ORDER);
        BusinessCalendar calendar = calendars.companyDefault();
        int n = 0;
        try (PreparedStatement select = c.prepareStatement("SELECT lead_id, owner_id, mql_at, sql_at, opportunity_at,"
                + " customer_at FROM lead_funnel WHERE days_pending ORDER BY lead_id LIMIT ? FOR UPDATE SKIP LOCKED");
             PreparedStatement update = c.prepareStatement("UPDATE lead_funnel SET mql_sql_days = ?,"
                     + " sql_opportunity_days = ?, opportunity_customer_days = ?, days_pending = false WHERE lead_id = ?")) {
            select.setInt(1, limit);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    Instant[] first = {instant(r, 3), instant(r, 4), instant(r, 5), instant(r, 6)};
                    BigDecimal[] days = days(calendar, first);
                    contribute(new Row(null, null, r.getString(2), Set.of(), first, days, false), +1, null, velocity);
                    for (int i = 0; i < 3; i++) {
                        update.setBigDecimal(1 + i, days[i]);
                    }
                    update.setString(4, r.getString(1));
                    update.addBatch();
                    n++;
                }
            }
            if (n > 0) {
                update.executeBatch();
            }
        }
        applyVelocity(c, velocity);
        return n;
    }

    /** Business days of each step whose later stage was first reached no earlier than its earlier one. */
    static BigDecimal[] days(BusinessCalendar calendar, Instant[] first) {
        BigDecimal[] days = new BigDecimal[STEPS.size()];
        for (int i = 0; i < days.length; i++) {
            if (first[i] != null && first[i + 1] != null && !first[i + 1].isBefore(first[i])) {
                days[i] = KgiService.businessDays(calendar, first[i], first[i + 1]);
            }
        }
        return days;
    }

    /** The month and the quarter an instant falls in, in the company zone ({@code 2026-05}, {@code 2026-Q2}). */
    static List<String> periods(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        return List.of(String.format("%04d-%02d", local.getYear(), local.getMonthValue()),
                String.format("%04d-Q%d", local.getYear(), (local.getMonthValue() + 2) / 3));
    }

    private void contribute(Row row, long sign, Map<List<Object>, Long> counts, Map<List<Object>, Long> velocity) {
        if (row == null) {
            return;
        }
        if (counts != null) {
            for (String e : row.entered()) {
                int at = e.indexOf('@');
                counts.merge(Arrays.asList(e.substring(at + 1), e.substring(0, at), row.source(), row.campaign(),
                        row.ownerId()), sign, Long::sum);
            }
        }
        if (row.pending()) {
            return;
        }
        for (int i = 0; i < STEPS.size(); i++) {
            if (row.days()[i] != null) {
                for (String period : periods(row.firsts()[i + 1], config.zone())) {
                    velocity.merge(Arrays.asList(period, STEPS.get(i), row.ownerId(), row.days()[i]), sign, Long::sum);
                }
            }
        }
    }

    /** Applies the deltas in key order (two writers of the same rows take their locks in the same order). */
    private static void applyCounts(Connection c, Map<List<Object>, Long> deltas) throws SQLException {
        deltas.values().removeIf(v -> v == 0);
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO kgi_count (period, stage, source, campaign, owner_id, leads)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[])"
                + " ON CONFLICT ON CONSTRAINT kgi_count_key DO UPDATE SET leads = kgi_count.leads + EXCLUDED.leads")) {
            for (int col = 0; col < 5; col++) {
                s.setArray(col + 1, column(c, "text", deltas, col));
            }
            s.setArray(6, c.createArrayOf("int8", deltas.values().toArray(Long[]::new)));
            s.executeUpdate();
        }
    }

    private static void applyVelocity(Connection c, Map<List<Object>, Long> deltas) throws SQLException {
        deltas.values().removeIf(v -> v == 0);
        if (deltas.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO kgi_velocity (period, step, owner_id, days, leads)"
                + " SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::numeric[], ?::bigint[])"
                + " ON CONFLICT ON CONSTRAINT kgi_velocity_key DO UPDATE SET leads = kgi_velocity.leads + EXCLUDED.leads")) {
            for (int col = 0; col < 3; col++) {
                s.setArray(col + 1, column(c, "text", deltas, col));
            }
            s.setArray(4, column(c, "numeric", deltas, 3));
            s.setArray(5, c.createArrayOf("int8", deltas.values().toArray(Long[]::new)));
            s.executeUpdate();
        }
    }

    private static Array column(Connection c, String type, Map<List<Object>, Long> deltas, int col) throws SQLException {
        return c.createArrayOf(type, deltas.keySet().stream().map(k -> k.get(col)).toArray());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        OffsetDateTime at = r.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static void setInstant(PreparedStatement s, int index, Instant at) throws SQLException {
        if (at == null) {
            s.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            s.setObject(index, at.atOffset(ZoneOffset.UTC));
        }
    }
}
