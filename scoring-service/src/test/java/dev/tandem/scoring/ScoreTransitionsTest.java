package dev.tandem.scoring;

import dev.tandem.events.LeadQualified;
import dev.tandem.events.LeadUnqualified;
import dev.tandem.events.ScoreChanged;
import dev.tandem.events.ScoreEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreTransitionsTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private static LeadScore score(String total, String grade, boolean qualified) {
        return new LeadScore("m1", 2, new BigDecimal(total), new BigDecimal(total), BigDecimal.ZERO, grade,
                qualified, NOW);
    }

    private static List<Class<?>> kinds(List<ScoreEvent> events) {
        return events.stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void firstScoreIsAChange() {
        List<ScoreEvent> events = ScoreTransitions.between("L1", null, score("10", "D", false), true, NOW);
        ScoreChanged changed = assertInstanceOf(ScoreChanged.class, events.get(0));
        assertEquals(1, events.size());
        assertEquals(10.0, changed.total());
        assertEquals(null, changed.previousTotal());
        assertEquals(2, changed.modelVersion());
    }

    @Test
    void crossingUpwardQualifiesOnce() {
        List<ScoreEvent> up = ScoreTransitions.between("L1", score("40", "D", false), score("60", "D", true), true, NOW);
        assertEquals(List.of(ScoreChanged.class, LeadQualified.class), kinds(up));
        List<ScoreEvent> stay = ScoreTransitions.between("L1", score("60", "D", true), score("70", "D", true), true, NOW);
        assertEquals(List.of(ScoreChanged.class), kinds(stay));
    }

    @Test
    void fallingBackBelowUnqualifies() {
        List<ScoreEvent> down = ScoreTransitions.between("L1", score("60", "D", true), score("49.5", "D", false),
                true, NOW);
        assertEquals(List.of(ScoreChanged.class, LeadUnqualified.class), kinds(down));
        assertEquals(49.5, ((LeadUnqualified) down.get(1)).total());
    }

    @Test
    void onlyThePrimaryModelDrivesQualification() {
        List<ScoreEvent> events = ScoreTransitions.between("L1", score("40", "D", false), score("60", "D", true),
                false, NOW);
        assertEquals(List.of(ScoreChanged.class), kinds(events));
        assertTrue(!((ScoreChanged) events.get(0)).primary());
    }

    @Test
    void nothingIsAnnouncedWhenTotalAndGradeStay() {
        assertTrue(ScoreTransitions.between("L1", score("40", "D", false), score("40.00", "D", false), true, NOW)
                .isEmpty());
        assertEquals(List.of(ScoreChanged.class), kinds(ScoreTransitions.between("L1", score("40", "D", false),
                score("40", "C", false), true, NOW)));
    }
}
