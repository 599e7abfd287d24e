package dev.tandem.scoring;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.tandem.scoring.Models.activity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreCalculatorTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final String PAGE_10 = "[{'id':'pv','name':'Page view','eventType':'page_view','points':10}]";

    private static BigDecimal points(String value) {
        return new BigDecimal(value).setScale(2);
    }

    private static Activity view(Instant at) {
        return activity("page_view", at, Map.of("url", "/pricing"));
    }

    @Test
    void sumsMatchingRulesAndIgnoresOtherActivities() {
        ScoringModel model = Models.model("[{'id':'pv','name':'Pricing','eventType':'page_view','points':10,"
                + "'conditions':[{'field':'url','op':'startsWith','value':'/pricing'}]},"
                + "{'id':'form','name':'Form','eventType':'form_submit','points':25}]", "[]", "");
        Score score = ScoreCalculator.score(model, List.of(view(NOW), view(NOW),
                activity("page_view", NOW, Map.of("url", "/blog")), activity("form_submit", NOW, Map.of()),
                activity("email_open", NOW, Map.of())), FitProfile.EMPTY, NOW);
        assertEquals(points("45"), score.behaviour());
        assertEquals(points("45"), score.total());
        assertEquals(3, score.behaviourLedger().size());
    }

    @Test
    void oneActivityMatchingTwoRulesGetsBoth() {
        ScoringModel model = Models.model("[{'id':'a','name':'A','eventType':'page_view','points':3},"
                + "{'id':'b','name':'B','eventType':'page_view','points':4}]", "[]", "");
        assertEquals(points("7"), ScoreCalculator.score(model, List.of(view(NOW)), null, NOW).behaviour());
    }

    @Test
    void negativePointsLowerTheScore() {
        ScoringModel model = Models.model("[{'id':'pv','name':'PV','eventType':'page_view','points':10},"
                + "{'id':'unsub','name':'Careers','eventType':'page_view','points':-30,"
                + "'conditions':[{'field':'url','op':'eq','value':'/careers'}]}]", "[]", "");
        Score score = ScoreCalculator.score(model,
                List.of(view(NOW), activity("page_view", NOW, Map.of("url", "/careers"))), null, NOW);
        assertEquals(points("-10"), score.behaviour());
    }

    @Test
    void dailyLimitCountsInARollingWindow() {
        ScoringModel model = Models.model("[{'id':'pv','name':'PV','eventType':'page_view','points':10,"
                + "'limit':{'max':2,'per':'P1D'}}]", "[]", "");
        Instant start = NOW.minus(Duration.ofDays(3));
        List<Activity> history = List.of(view(start), view(start.plusSeconds(60)), view(start.plusSeconds(120)),
                view(start.plus(Duration.ofHours(23))), view(start.plus(Duration.ofHours(24)).plusSeconds(61)));
        Score score = ScoreCalculator.score(model, history, null, NOW);
        // 1st, 2nd count; 3rd and the one at +23h are limited; at +24h01m the first two left the window.
        assertEquals(points("30"), score.behaviour());
        assertEquals(List.of(false, false, true, true, false),
                score.behaviourLedger().stream().map(Score.BehaviourLine::limited).toList());
        assertEquals(points("0"), score.behaviourLedger().get(2).appliedPoints());
    }

    @Test
    void lifetimeLimitNeverResets() {
        ScoringModel model = Models.model("[{'id':'pv','name':'PV','eventType':'page_view','points':10,"
                + "'limit':{'max':1,'per':'lifetime'}}]", "[]", "");
        List<Activity> history = List.of(view(NOW.minus(Duration.ofDays(400))), view(NOW));
        assertEquals(points("10"), ScoreCalculator.score(model, history, null, NOW).behaviour());
    }

    @Test
    void weeklyAndMonthlyLimitsUseTheirWindows() {
        ScoringModel weekly = Models.model("[{'id':'pv','name':'PV','eventType':'page_view','points':10,"
                + "'limit':{'max':1,'per':'P7D'}}]", "[]", "");
        ScoringModel monthly = Models.model("[{'id':'pv','name':'PV','eventType':'page_view','points':10,"
                + "'limit':{'max':1,'per':'P30D'}}]", "[]", "");
        List<Activity> history = List.of(view(NOW.minus(Duration.ofDays(10))), view(NOW.minus(Duration.ofDays(5))),
                view(NOW));
        assertEquals(points("20"), ScoreCalculator.score(weekly, history, null, NOW).behaviour());
        assertEquals(points("10"), ScoreCalculator.score(monthly, history, null, NOW).behaviour());
    }

    @Test
    void lateEventsAreScoredInTheOrderTheyHappened() {
        ScoringModel model = Models.model("[{'id':'pv','name':'PV','eventType':'page_view','points':10,"
                + "'limit':{'max':1,'per':'P1D'}}]", "[]", "");
        Activity late = view(NOW.minus(Duration.ofHours(2)));
        Activity first = view(NOW.minus(Duration.ofHours(1)));
        Score score = ScoreCalculator.score(model, List.of(first, late), null, NOW);
        assertEquals(late.eventId(), score.behaviourLedger().get(0).eventId());
        assertFalse(score.behaviourLedger().get(0).limited());
        assertTrue(score.behaviourLedger().get(1).limited());
    }

    @Test
    void pointsHalveEveryHalfLife() {
        ScoringModel model = Models.model(PAGE_10, "[]", "'decay':{'halfLifeDays':7}");
        assertEquals(points("10"), ScoreCalculator.score(model, List.of(view(NOW)), null, NOW).behaviour());
        assertEquals(points("5"), ScoreCalculator.score(model,
                List.of(view(NOW.minus(Duration.ofDays(7)))), null, NOW).behaviour());
        assertEquals(points("2.5"), ScoreCalculator.score(model,
                List.of(view(NOW.minus(Duration.ofDays(14)))), null, NOW).behaviour());
        // 10 * 0.5^(1/7) = 9.0572... -> 9.06
        assertEquals(points("9.06"), ScoreCalculator.score(model,
                List.of(view(NOW.minus(Duration.ofDays(1)))), null, NOW).behaviour());
    }

    @Test
    void fractionalHalfLifeAndFutureActivities() {
        ScoringModel model = Models.model(PAGE_10, "[]", "'decay':{'halfLifeDays':0.5}");
        assertEquals(points("2.5"), ScoreCalculator.score(model,
                List.of(view(NOW.minus(Duration.ofDays(1)))), null, NOW).behaviour());
        assertEquals(points("10"), ScoreCalculator.score(model,
                List.of(view(NOW.plus(Duration.ofHours(3)))), null, NOW).behaviour());
    }

    @Test
    void zeroHalfLifeMeansNoDecay() {
        ScoringModel model = Models.model(PAGE_10, "[]", "'decay':{'halfLifeDays':0}");
        assertEquals(points("10"), ScoreCalculator.score(model,
                List.of(view(NOW.minus(Duration.ofDays(3650)))), null, NOW).behaviour());
    }

    @Test
    void behaviourCapDropsWhatWouldPassItAndFlagsTheLines() {
        ScoringModel model = Models.model("[{'id':'pv','name':'PV','eventType':'page_view','points':40}]", "[]",
                "'caps':{'behaviour':100}");
        Score score = ScoreCalculator.score(model, List.of(view(NOW.minusSeconds(3)), view(NOW.minusSeconds(2)),
                view(NOW.minusSeconds(1)), view(NOW)), null, NOW);
        assertEquals(points("100"), score.behaviour());
        assertEquals(List.of(points("40"), points("40"), points("20"), points("0")),
                score.behaviourLedger().stream().map(Score.BehaviourLine::appliedPoints).toList());
        assertEquals(List.of(false, false, true, true),
                score.behaviourLedger().stream().map(Score.BehaviourLine::capped).toList());
    }

    @Test
    void fitSumsMatchingRulesUpToItsCap() {
        ScoringModel model = Models.model("[]", "[{'id':'title','name':'Director','field':'jobTitle',"
                + "'op':'contains','value':'director','points':30},"
                + "{'id':'size','name':'Size','field':'companySize','op':'gte','value':100,'points':30},"
                + "{'id':'free','name':'Free mail','field':'emailDomain','op':'in','value':'$freemail','points':-50},"
                + "{'id':'tier','name':'Tier','field':'attributes.tier','op':'eq','value':'gold','points':5}]",
                "'caps':{'fit':50}");
        FitProfile profile = new FitProfile("Marketing Director", 250, "software", "JP", "acme.co.jp", "web",
                Map.of("tier", "Gold"));
        Score score = ScoreCalculator.score(model, List.of(), profile, NOW);
        assertEquals(points("50"), score.fit());
        assertEquals(List.of(false, true, true),
                score.fitLedger().stream().map(Score.FitLine::capped).toList());

        FitProfile freemail = new FitProfile("Director", 10, null, null, "gmail.com", null, Map.of());
        assertEquals(points("-20"), ScoreCalculator.score(model, List.of(), freemail, NOW).fit());
    }

    @Test
    void gradeComesFromFitBands() {
        ScoringModel model = Models.model("[]", "[{'id':'size','name':'Size','field':'companySize','op':'gte',"
                + "'value':0,'points':1},{'id':'big','name':'Big','field':'attributes.bonus','op':'gte','value':0,"
                + "'points':1}]", "");
        ScoringModel.GradeBands bands = model.gradeBands();
        assertEquals("A", bands.gradeOf(new BigDecimal("40")));
        assertEquals("B", bands.gradeOf(new BigDecimal("39.99")));
        assertEquals("B", bands.gradeOf(new BigDecimal("20")));
        assertEquals("C", bands.gradeOf(new BigDecimal("10")));
        assertEquals("D", bands.gradeOf(new BigDecimal("0")));
        assertEquals("E", bands.gradeOf(new BigDecimal("-0.01")));
        assertEquals("D", ScoreCalculator.score(model, List.of(),
                new FitProfile(null, 5, null, null, null, null, Map.of()), NOW).grade());
    }

    @Test
    void qualifiedNeedsBothTotalAndFit() {
        ScoringModel model = Models.model("[{'id':'pv','name':'PV','eventType':'page_view','points':45}]",
                "[{'id':'size','name':'Size','field':'companySize','op':'gte','value':100,'points':10}]", "");
        FitProfile big = new FitProfile(null, 500, null, null, null, null, Map.of());
        FitProfile small = new FitProfile(null, 5, null, null, null, null, Map.of());
        assertTrue(ScoreCalculator.score(model, List.of(view(NOW)), big, NOW).qualified());
        assertFalse(ScoreCalculator.score(model, List.of(view(NOW)), small, NOW).qualified(), "fit below 10");
        assertFalse(ScoreCalculator.score(model, List.of(), big, NOW).qualified(), "total below 50");
    }

    @Test
    void aProfileNotKnownYetQualifiesNoLeadUnderAModelWithFitRules() {
        String rest = "'behaviourRules':[{'id':'pv','name':'PV','eventType':'page_view','points':60}],"
                + "'thresholds':{'mql':{'minTotal':50,'minFit':-100}},'gradeBands':{'A':40,'B':20,'C':10,'D':-100}}";
        ScoringModel withFit = Models.parse("{'name':'fit','fitRules':[{'id':'free','name':'Free mail',"
                + "'field':'emailDomain','op':'in','value':'$freemail','points':-30}]," + rest);
        ScoringModel withoutFit = Models.parse("{'name':'behaviour only','fitRules':[]," + rest);
        FitProfile corporate = new FitProfile(null, null, null, null, "acme.co.jp", null, Map.of());

        Score unknown = ScoreCalculator.score(withFit, List.of(view(NOW)), null, NOW);
        assertEquals(points("60"), unknown.total());
        assertEquals(points("0"), unknown.fit());
        assertTrue(unknown.fitLedger().isEmpty());
        assertFalse(unknown.qualified(), "the fit is not known yet");
        assertTrue(ScoreCalculator.score(withFit, List.of(view(NOW)), corporate, NOW).qualified());
        assertTrue(ScoreCalculator.score(withoutFit, List.of(view(NOW)), null, NOW).qualified(),
                "no fit rules: nothing to wait for");
    }

    @Test
    void ledgerAddsUpExactlyToTheScoreAndTheOutcomeIsTheSameScore() {
        ScoringModel model = Models.model("[{'id':'pv','name':'PV','eventType':'page_view','points':7,"
                + "'limit':{'max':5,'per':'P1D'}},{'id':'neg','name':'Neg','eventType':'email_open','points':-3},"
                + "{'id':'form','name':'Form','eventType':'form_submit','points':33}]",
                "[{'id':'size','name':'Size','field':'companySize','op':'gte','value':10,'points':13}]",
                "'decay':{'halfLifeDays':3.3},'caps':{'behaviour':250}");
        Random random = new Random(42);
        String[] types = {"page_view", "email_open", "form_submit", "meeting"};
        for (int round = 0; round < 50; round++) {
            List<Activity> history = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                history.add(activity(types[random.nextInt(types.length)],
                        NOW.minusSeconds(random.nextInt(60 * 86_400)), Map.of()));
            }
            FitProfile profile = new FitProfile(null, random.nextInt(30), null, null, null, null, Map.of());
            Score score = ScoreCalculator.score(model, history, profile, NOW);
            Score outcome = ScoreCalculator.outcome(model, history, profile, NOW);
            assertEquals(new Score(score.total(), score.behaviour(), score.fit(), score.grade(), score.qualified(),
                    score.asOf(), List.of(), List.of()), outcome, "the outcome is the score without its ledger");
            BigDecimal behaviour = score.behaviourLedger().stream().map(Score.BehaviourLine::appliedPoints)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal fit = score.fitLedger().stream().map(Score.FitLine::appliedPoints)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(0, behaviour.compareTo(score.behaviour()));
            assertEquals(0, fit.compareTo(score.fit()));
            assertEquals(0, behaviour.add(fit).compareTo(score.total()));
            assertTrue(score.behaviour().compareTo(new BigDecimal("250")) <= 0);
        }
    }
}
