package dev.tandem.feedback.service;

import dev.tandem.feedback.LeadCopy;
import dev.tandem.feedback.Rep;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RouterTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 5, 7);

    private static Rep rep(String id, String team, List<String> prefectures, List<String> industries, int capacity) {
        Rep rep = new Rep();
        rep.id = id;
        rep.teamId = team;
        rep.countries = List.of("JP");
        rep.prefectures = prefectures;
        rep.industries = industries;
        rep.capacity = capacity;
        return rep;
    }

    private static LeadCopy lead(String prefecture, String industry) {
        LeadCopy lead = new LeadCopy("l", Instant.EPOCH);
        lead.country = "JP";
        lead.prefecture = prefecture;
        lead.industry = industry;
        return lead;
    }

    @Test
    void theMostSpecificTerritoryWins() {
        Rep kanto = rep("kanto", "east", List.of("東京都", "神奈川県"), List.of(), 1);
        Rep tokyoMaker = rep("tokyo-maker", "east", List.of("東京都"), List.of("製造業"), 1);
        Router.Choice choice = Router.choose(List.of(kanto, tokyoMaker), lead("東京都", "製造業"), TODAY);
        assertEquals("tokyo-maker", choice.rep().id);
        assertEquals(Router.TERRITORY, choice.rule());
        assertEquals("kanto", Router.choose(List.of(kanto, tokyoMaker), lead("神奈川県", "製造業"), TODAY).rep().id);
    }

    @Test
    void noMatchOrEveryoneAwayLeavesTheLeadInThePool() {
        Rep osaka = rep("osaka", "west", List.of("大阪府"), List.of(), 1);
        Router.Choice none = Router.choose(List.of(osaka), lead("沖縄県", null), TODAY);
        assertNull(none.rep());
        assertNull(none.poolTeamId());

        osaka.outOfOfficeFrom = TODAY.minusDays(1);
        osaka.outOfOfficeTo = TODAY.plusDays(2);
        Router.Choice away = Router.choose(List.of(osaka), lead("大阪府", null), TODAY);
        assertNull(away.rep());
        assertEquals("west", away.poolTeamId(), "it waits in the pool of the team that covers it");
        assertEquals("osaka", Router.choose(List.of(osaka), lead("大阪府", null), TODAY.plusDays(3)).rep().id);
    }

    @Test
    void aThousandMqlsAreSharedInProportionToCapacitySkippingTheRepAway() {
        Rep a = rep("a", "east", List.of("東京都"), List.of(), 1);
        Rep b = rep("b", "east", List.of("東京都"), List.of(), 2);
        Rep c = rep("c", "east", List.of("東京都"), List.of(), 3);
        Rep away = rep("d", "east", List.of("東京都"), List.of(), 10);
        away.outOfOfficeFrom = TODAY;
        away.outOfOfficeTo = TODAY;
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            Router.Choice choice = Router.choose(List.of(a, b, c, away), lead("東京都", null), TODAY);
            assertEquals(Router.ROUND_ROBIN, choice.rule());
            choice.rep().routed++;
            counts.merge(choice.rep().id, 1, Integer::sum);
        }
        assertEquals(167, counts.get("a"), 1);
        assertEquals(333, counts.get("b"), 1);
        assertEquals(500, counts.get("c"), 1);
        assertNull(counts.get("d"));
    }
}
