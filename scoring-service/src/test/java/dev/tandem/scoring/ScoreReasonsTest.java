package dev.tandem.scoring;

import dev.tandem.events.ScoreReason;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ScoreReasonsTest {

    private static final Instant AT = Instant.parse("2025-06-01T00:00:00Z");

    private static Score.BehaviourLine behaviour(String rule, String name, String applied) {
        return new Score.BehaviourLine("e", "page_view", AT, rule, name, 10, new BigDecimal(applied),
                new BigDecimal(applied), false, false);
    }

    private static Score.FitLine fit(String rule, String name, String applied) {
        return new Score.FitLine(rule, name, "industry", 10, new BigDecimal(applied), false);
    }

    @Test
    void rulesAreSummedOverTheirActivitiesAndTheLargestThreeWin() {
        Score score = new Score(new BigDecimal("88"), new BigDecimal("58"), new BigDecimal("30"), "A", true, AT,
                List.of(behaviour("pricing", "料金ページ閲覧", "12.5"), behaviour("pricing", "料金ページ閲覧", "12.5"),
                        behaviour("webinar", "ウェビナー参加", "20"), behaviour("docs", null, "8"),
                        behaviour("unsub", "配信停止", "-5")),
                List.of(fit("mfg", "製造業", "30"), fit("free", "フリーメール", "0")));
        assertEquals(List.of(new ScoreReason("製造業", 30), new ScoreReason("料金ページ閲覧", 25),
                new ScoreReason("ウェビナー参加", 20)), ScoreReasons.top(score, ScoreReasons.TOP));
        assertEquals(List.of(new ScoreReason("製造業", 30), new ScoreReason("料金ページ閲覧", 25),
                new ScoreReason("ウェビナー参加", 20), new ScoreReason("docs", 8)), ScoreReasons.top(score, 10));
    }

    @Test
    void aScoreWithoutPositiveRulesHasNoReasons() {
        Score score = new Score(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, "D", false, AT,
                List.of(behaviour("unsub", "配信停止", "-5")), List.of());
        assertEquals(List.of(), ScoreReasons.top(score, ScoreReasons.TOP));
    }
}
