package dev.tandem.nurture.service;

import dev.tandem.nurture.CampaignDefinition;
import dev.tandem.nurture.CampaignStats;
import dev.tandem.nurture.Step;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An A/B winner only once every variant of a split has the minimum sample and one rate is strictly best. */
class StatsWinnersTest {

    private static final CampaignDefinition SPLIT = new CampaignDefinition("ab", null, null, null, List.of(
            new Step.Branch("split", null, null, null, List.of(new Step.Variant("A", 50, "a1"), new Step.Variant("B", 50, "b1"))),
            new Step.Email("a1", UUID.randomUUID(), null, "a2"), new Step.Email("a2", UUID.randomUUID(), null, null),
            new Step.Email("b1", UUID.randomUUID(), null, null)), null, null, null, null, 100);

    private static CampaignStats.Row row(String step, String variant, long sent, long humanClicks) {
        return new CampaignStats.Row(step, variant, sent, sent, 0, 0, humanClicks, humanClicks, 0, 0, 0, 0, 0);
    }

    @Test
    void variantsAddUpOverTheirEmailsAndTheBestRateWins() {
        List<CampaignStats.Winner> winners = StatsService.winners(SPLIT,
                List.of(row("a1", "A", 60, 3), row("a2", "A", 50, 9), row("b1", "B", 120, 6)), 100);
        assertEquals(1, winners.size());
        assertEquals("split", winners.get(0).stepId());
        assertEquals("A", winners.get(0).variant());
        assertEquals(12 / 110.0, winners.get(0).humanClickRate(), 1e-9);
    }

    @Test
    void noWinnerBelowTheMinimumOrOnATie() {
        assertEquals(List.of(), StatsService.winners(SPLIT, List.of(row("a1", "A", 99, 50), row("b1", "B", 500, 1)), 100));
        assertEquals(List.of(), StatsService.winners(SPLIT, List.of(row("a1", "A", 200, 0), row("b1", "B", 300, 0)), 100));
        assertEquals(List.of(), StatsService.winners(SPLIT, List.of(row("a1", "A", 200, 10)), 100), "B never sent");
    }
}
