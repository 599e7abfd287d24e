package dev.tandem.nurture.service;

import dev.tandem.nurture.Campaign;
import dev.tandem.nurture.CampaignDefinition;
import dev.tandem.nurture.CampaignStats;
import dev.tandem.nurture.Step;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Campaign stats as one SQL aggregate over the send log (index on campaign_id, sent_at). */
@ApplicationScoped
public class StatsService {

    public static final int DEFAULT_AB_MINIMUM = 100;

    @Inject
    EntityManager em;

    @Inject
    CampaignService campaigns;

    @Transactional
    public CampaignStats stats(UUID campaignId) {
        Campaign campaign = campaigns.find(campaignId);
        Integer configured = CampaignService.definition(campaign).abMinimumSample();
        int minimum = configured == null ? DEFAULT_AB_MINIMUM : configured;
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select s.step_id, coalesce(s.variant, ''), count(*),
                       count(*) filter (where s.bounce_type is null or s.bounce_type = 'soft'),
                       count(*) filter (where s.first_open_at is not null),
                       count(*) filter (where s.first_human_open_at is not null),
                       count(*) filter (where s.first_click_at is not null),
                       count(*) filter (where s.first_human_click_at is not null),
                       count(*) filter (where s.unsubscribed),
                       count(*) filter (where s.bounce_type = 'hard'),
                       count(*) filter (where s.bounce_type = 'soft'),
                       count(*) filter (where s.complained),
                       count(*) filter (where c.converted_at between s.sent_at and s.sent_at + interval '30 days')
                from send_log s left join lead_conversion c on c.lead_id = s.lead_id
                where s.campaign_id = ?1
                group by s.step_id, coalesce(s.variant, '')
                order by s.step_id, 2""").setParameter(1, campaignId).getResultList();
        List<CampaignStats.Row> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new CampaignStats.Row((String) r[0], ((String) r[1]).isEmpty() ? null : (String) r[1], n(r[2]), n(r[3]),
                    n(r[4]), n(r[5]), n(r[6]), n(r[7]), n(r[8]), n(r[9]), n(r[10]), n(r[11]), n(r[12])));
        }
        return new CampaignStats(campaignId, out, winners(CampaignService.definition(campaign), out, minimum), minimum);
    }

    /**
     * Per random split: each variant's sends and unique human clicks over every email step it carries (the variants
     * of a split usually lead to different emails); a winner only when every variant has at least {@code minimum}
     * sends and one click rate is strictly the best (a tie, such as no clicks yet, is no winner).
     */
    static List<CampaignStats.Winner> winners(CampaignDefinition definition, List<CampaignStats.Row> rows, int minimum) {
        List<CampaignStats.Winner> winners = new ArrayList<>();
        for (Step step : definition.steps()) {
            if (!(step instanceof Step.Branch branch) || branch.split() == null || branch.split().size() < 2) {
                continue;
            }
            Map<String, long[]> byVariant = new LinkedHashMap<>();
            branch.split().forEach(v -> byVariant.put(v.name(), new long[2]));
            rows.stream().filter(r -> r.variant() != null && byVariant.containsKey(r.variant())).forEach(r -> {
                long[] totals = byVariant.get(r.variant());
                totals[0] += r.sent();
                totals[1] += r.uniqueHumanClicks();
            });
            if (byVariant.values().stream().anyMatch(t -> t[0] < minimum)) {
                continue;
            }
            List<Map.Entry<String, Double>> rates = byVariant.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), (double) e.getValue()[1] / e.getValue()[0]))
                    .sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) -> e.getValue()).reversed())
                    .toList();
            if (rates.get(0).getValue() > rates.get(1).getValue()) {
                winners.add(new CampaignStats.Winner(branch.id(), rates.get(0).getKey(), rates.get(0).getValue(),
                        "human click rate"));
            }
        }
        return winners;
    }

    private static long n(Object value) {
        return ((Number) value).longValue();
    }
}
