package dev.tandem.feedback.service;

import dev.tandem.feedback.config.FeedbackConfig;
import dev.tandem.platform.security.Caller;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tandem.platform.store.SqlColumns.instant;

/**
 * The weekly alignment digest for both teams (an ISO week in the company zone): KGI pace of the month, the funnel vs
 * the week before, SLA breaches per side, rejections by reason with examples, MQLs nobody touched, sources and
 * campaigns by conversion, and the agenda. Mailed every Monday 09:00 Asia/Tokyo by default, once per week.
 */
@ApplicationScoped
public class DigestService {

    private static final Pattern ISO_WEEK = Pattern.compile("(\\d{4})-W(0[1-9]|[1-4]\\d|5[0-3])");
    private static final Logger LOG = Logger.getLogger(DigestService.class);

    @Inject
    FeedbackConfig config;

    @Inject
    KgiService kgi;

    @Inject
    SlaService sla;

    @Inject
    Mailer mailer;

    @Location("digest.html")
    Template html;


    public record Week(String code, LocalDate monday) {
    }

    public record FunnelWeek(long mqls, long sqls, long opportunities, long dealsWon) {
    }

    public record RejectionExample(String leadId, String leadName, String repId, String repName, String note) {
    }

    public record RejectionGroup(String reasonCode, String labelJa, long count, List<RejectionExample> examples) {
    }

    public record Untouched(String leadId, String name, String company, String ownerId, Instant mqlAt) {
    }

    public record SourceRow(String source, long mqls, long sqls, java.math.BigDecimal conversion) {
    }

    public record AgendaItem(UUID id, String side, String title, String body, String leadId, String createdBy,
                             Instant createdAt) {
    }

    /** What nurture-service did in a week (nurture.events): mails, their bounces and complaints, enrollments. */
    public record NurtureWeek(long emailsSent, long bounced, long complaints, long unsubscribed,
                              long enrollmentsStarted, long enrollmentsExited, long goalsReached) {
    }

    public record Digest(String week, Instant start, Instant end, KgiService.Kgi kgi, FunnelWeek thisWeek,
                         FunnelWeek lastWeek, int salesBreaches, SlaService.MarketingDelivery marketing,
                         List<RejectionGroup> rejections, List<Untouched> untouched, List<SourceRow> bestSources,
                         List<SourceRow> worstSources, List<SourceRow> campaigns, List<AgendaItem> agenda,
                         NurtureWeek nurture, NurtureWeek nurtureLastWeek) {
    }

    public static Week parseWeek(String code) {
        Matcher m = ISO_WEEK.matcher(code == null ? "" : code);
        if (!m.matches()) {
            throw new InvalidInputException("isoWeek", "must be an ISO week such as 2026-W19");
        }
        int year = Integer.parseInt(m.group(1));
        int week = Integer.parseInt(m.group(2));
        LocalDate monday = LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        if (monday.get(IsoFields.WEEK_BASED_YEAR) != year) {
            throw new InvalidInputException("isoWeek", year + " has no week " + week);
        }
        return new Week(code, monday);
    }

    public static String weekOf(LocalDate day) {
        return String.format("%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    @Transactional
    public Digest digest(String code, Instant now) {
        Week week = parseWeek(code);
        Instant start = week.monday().atStartOfDay(config.zone()).toInstant();
        Instant end = week.monday().plusWeeks(1).atStartOfDay(config.zone()).toInstant();
        Instant lastStart = week.monday().minusWeeks(1).atStartOfDay(config.zone()).toInstant();
        YearMonth month = YearMonth.from(week.monday());
        KgiService.Kgi kgiOfMonth = kgi.kgi(Period.parse(month.toString()), null, now.isBefore(end) ? now : end);
        SlaService.Breaches breaches = sla.breaches(start, end, new Caller("digest", java.util.Set.of("admin")), now);
        var em = Panache.getEntityManager();

        @SuppressWarnings("unchecked")
        List<Object[]> reasonRows = em.createNativeQuery("SELECT f.reason_code, coalesce(rc.label_ja, f.reason_code),"
                        + " f.lead_id, l.name, f.rep_id, rp.name, f.note FROM feedback f LEFT JOIN reason_code rc ON rc.code = f.reason_code"
                        + " LEFT JOIN lead_copy l ON l.id = f.lead_id LEFT JOIN rep rp ON rp.id = f.rep_id WHERE f.kind = 'reject' AND f.occurred_at >= ?1"
                        + " AND f.occurred_at < ?2 ORDER BY f.reason_code, f.occurred_at")
                .setParameter(1, start).setParameter(2, end).getResultList();
        Map<String, RejectionGroup> groups = new LinkedHashMap<>();
        for (Object[] r : reasonRows) {
            RejectionGroup g = groups.computeIfAbsent((String) r[0], k -> new RejectionGroup(k, (String) r[1], 0,
                    new java.util.ArrayList<>()));
            if (g.examples().size() < 3) {
                g.examples().add(new RejectionExample((String) r[2], (String) r[3], (String) r[4], (String) r[5],
                        (String) r[6]));
            }
            groups.put(g.reasonCode(), new RejectionGroup(g.reasonCode(), g.labelJa(), g.count() + 1, g.examples()));
        }

        @SuppressWarnings("unchecked")
        List<Object[]> untouchedRows = em.createNativeQuery("SELECT id, name, company, owner_id, mql_at FROM lead_copy"
                + " WHERE stage = 'mql' AND first_touch_at IS NULL AND mql_at < ?1 ORDER BY mql_at LIMIT 50")
                .setParameter(1, end).getResultList();
        List<Untouched> untouched = untouchedRows.stream().map(r -> new Untouched((String) r[0], (String) r[1],
                (String) r[2], (String) r[3], instant(r[4]))).toList();

        List<SourceRow> sources = conversionBy(em, "source", start, end);
        List<SourceRow> ranked = sources.stream().filter(s -> s.conversion() != null)
                .sorted(java.util.Comparator.comparing(SourceRow::conversion).reversed().thenComparing(SourceRow::source))
                .toList();
        List<SourceRow> best = ranked.stream().limit(3).toList();
        List<SourceRow> reversed = new java.util.ArrayList<>(ranked);
        java.util.Collections.reverse(reversed);
        List<SourceRow> worst = reversed.stream().limit(3).toList();

        @SuppressWarnings("unchecked")
        List<Object[]> agendaRows = em.createNativeQuery("SELECT id, side, title, body, lead_id, created_by, created_at"
                + " FROM agenda_item WHERE iso_week = ?1 ORDER BY created_at").setParameter(1, code).getResultList();
        List<AgendaItem> agenda = agendaRows.stream().map(r -> new AgendaItem((UUID) r[0], (String) r[1], (String) r[2],
                (String) r[3], (String) r[4], (String) r[5], instant(r[6]))).toList();

        return new Digest(code, start, end, kgiOfMonth, funnel(em, start, end), funnel(em, lastStart, start),
                breaches.sales().size(), breaches.marketing(), List.copyOf(groups.values()), untouched, best, worst,
                conversionBy(em, "campaign", start, end), agenda, nurture(em, start, end), nurture(em, lastStart, start));
    }

    private static NurtureWeek nurture(jakarta.persistence.EntityManager em, Instant start, Instant end) {
        Object[] r = (Object[]) em.createNativeQuery("SELECT count(*) FILTER (WHERE kind = 'email_sent'),"
                        + " count(*) FILTER (WHERE kind = 'email_bounced'), count(*) FILTER (WHERE kind = 'email_complained'),"
                        + " count(*) FILTER (WHERE kind = 'unsubscribed'), count(*) FILTER (WHERE kind = 'enrollment_started'),"
                        + " count(*) FILTER (WHERE kind = 'enrollment_exited'),"
                        + " count(*) FILTER (WHERE kind = 'enrollment_exited' AND detail = 'goal_reached')"
                        + " FROM nurture_fact WHERE at >= ?1 AND at < ?2")
                .setParameter(1, start).setParameter(2, end).getSingleResult();
        return new NurtureWeek(n(r[0]), n(r[1]), n(r[2]), n(r[3]), n(r[4]), n(r[5]), n(r[6]));
    }

    private static long n(Object value) {
        return ((Number) value).longValue();
    }

    public String html(Digest digest) {
        return html.data("d", digest).render();
    }

    @Transactional
    public AgendaItem addAgenda(String week, String side, String title, String body, String leadId, String by) {
        parseWeek(week);
        UUID id = UUID.randomUUID();
        Instant now = Instant.now();
        Panache.getEntityManager().createNativeQuery("INSERT INTO agenda_item (id, iso_week, side, title, body, lead_id,"
                        + " created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, id).setParameter(2, week).setParameter(3, side).setParameter(4, title)
                .setParameter(5, body).setParameter(6, leadId).setParameter(7, by).setParameter(8, now).executeUpdate();
        return new AgendaItem(id, side, title, body, leadId, by, now);
    }

    @Scheduled(cron = "${tandem.feedback.digest.cron}", timeZone = "${tandem.feedback.digest.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void weekly() {
        LocalDate today = ZonedDateTime.now(config.zone()).toLocalDate();
        mailWeek(weekOf(today.minusWeeks(1)));
    }

    /** Mails the digest of a week once (a row in digest_sent claims it); false when it was mailed already. */
    public boolean mailWeek(String week) {
        Optional<List<String>> recipients = config.digest().recipients();
        if (recipients.isEmpty() || recipients.get().isEmpty()) {
            LOG.debugf("no digest recipients configured: digest %s not mailed", week);
            return false;
        }
        if (!claim(week)) {
            return false;
        }
        Digest digest = digest(week, Instant.now());
        String subject = "【Tandem】週次アライメント " + week + "（営業・マーケティング）";
        Mail mail = Mail.withHtml(recipients.get().get(0), subject, html(digest)).setText(text(digest));
        recipients.get().stream().skip(1).forEach(mail::addTo);
        mailer.send(mail);
        return true;
    }

    @Transactional
    boolean claim(String week) {
        return Panache.getEntityManager().createNativeQuery("INSERT INTO digest_sent (iso_week, sent_at) VALUES (?1, now())"
                + " ON CONFLICT DO NOTHING").setParameter(1, week).executeUpdate() == 1;
    }

    private static String text(Digest d) {
        StringBuilder text = new StringBuilder("週次アライメント ").append(d.week()).append("\n\n");
        d.kgi().metrics().forEach(m -> text.append(m.metric()).append(m.currency() == null ? "" : " " + m.currency())
                .append(": 実績 ").append(m.actual().toPlainString()).append(" / 目標 ")
                .append(m.target() == null ? "-" : m.target().stripTrailingZeros().toPlainString()).append("\n"));
        text.append("\nMQL ").append(d.thisWeek().mqls()).append("（前週 ").append(d.lastWeek().mqls()).append("）\n");
        text.append("SLA違反（営業）: ").append(d.salesBreaches()).append("\n");
        d.rejections().forEach(r -> {
            text.append("却下 ").append(r.labelJa()).append(": ").append(r.count()).append("\n");
            r.examples().forEach(e -> text.append("  ・").append(e.leadName() == null ? e.leadId() : e.leadName())
                    .append("（").append(e.repName() == null ? e.repId() : e.repName()).append("）")
                    .append(e.note() == null ? "" : ": " + e.note()).append("\n"));
        });
        text.append("未対応のMQL: ").append(d.untouched().size()).append("\n");
        d.agenda().forEach(a -> text.append("議題（").append(a.side()).append("）: ").append(a.title()).append("\n"));
        return text.toString();
    }

    private static FunnelWeek funnel(jakarta.persistence.EntityManager em, Instant start, Instant end) {
        Object[] r = (Object[]) em.createNativeQuery("SELECT count(DISTINCT lead_id) FILTER (WHERE stage = 'mql'),"
                + " count(DISTINCT lead_id) FILTER (WHERE stage = 'sql'),"
                + " count(DISTINCT lead_id) FILTER (WHERE stage = 'opportunity'),"
                + " (SELECT count(*) FROM deal WHERE status = 'won' AND closed_at >= ?1 AND closed_at < ?2)"
                + " FROM stage_fact WHERE at >= ?1 AND at < ?2").setParameter(1, start).setParameter(2, end)
                .getSingleResult();
        return new FunnelWeek(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                ((Number) r[3]).longValue());
    }

    private static List<SourceRow> conversionBy(jakarta.persistence.EntityManager em, String column, Instant start,
                                                Instant end) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT coalesce(l." + column + ", '(none)') v,"
                + " count(DISTINCT f.lead_id) FILTER (WHERE f.stage = 'mql'),"
                + " count(DISTINCT f.lead_id) FILTER (WHERE f.stage = 'sql')"
                + " FROM stage_fact f JOIN lead_copy l ON l.id = f.lead_id WHERE f.at >= ?1 AND f.at < ?2"
                + " GROUP BY v ORDER BY v").setParameter(1, start).setParameter(2, end).getResultList();
        return rows.stream().map(r -> {
            long mqls = ((Number) r[1]).longValue();
            long sqls = ((Number) r[2]).longValue();
            return new SourceRow((String) r[0], mqls, sqls, mqls == 0 ? null
                    : java.math.BigDecimal.valueOf(sqls).divide(java.math.BigDecimal.valueOf(mqls), 4,
                    java.math.RoundingMode.HALF_UP));
        }).toList();
    }

}
