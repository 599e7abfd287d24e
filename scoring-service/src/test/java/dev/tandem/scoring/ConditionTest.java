package dev.tandem.scoring;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import com.google.re2j.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConditionTest {

    @Test
    void eqComparesTextIgnoringCaseAndNumbersByValue() {
        assertTrue(new Condition.Equals("Pricing").test("pricing"));
        assertFalse(new Condition.Equals("pricing").test("pricing-2"));
        assertTrue(new Condition.Equals(new BigDecimal("10")).test(10));
        assertTrue(new Condition.Equals(new BigDecimal("10")).test(10.0));
        assertTrue(new Condition.Equals(new BigDecimal("10")).test("10.00"));
        assertFalse(new Condition.Equals(new BigDecimal("10")).test("ten"));
        assertTrue(new Condition.Equals(true).test(true));
        assertTrue(new Condition.Equals(true).test("TRUE"));
        assertFalse(new Condition.Equals(true).test(false));
        assertFalse(new Condition.Equals("x").test(null));
    }

    @Test
    void eqOnAListMatchesWhenOneElementDoes() {
        assertTrue(new Condition.Equals("b").test(List.of("a", "b")));
        assertFalse(new Condition.Equals("c").test(List.of("a", "b")));
    }

    @Test
    void neNeedsAPresentDifferentValue() {
        assertTrue(new Condition.NotEquals("JP").test("US"));
        assertFalse(new Condition.NotEquals("JP").test("jp"));
        assertFalse(new Condition.NotEquals("JP").test(null));
        assertFalse(new Condition.NotEquals("b").test(List.of("a", "b")));
        assertTrue(new Condition.NotEquals("c").test(List.of("a", "b")));
    }

    @Test
    void containsStartsWithEndsWithIgnoreCase() {
        assertTrue(new Condition.Contains("director").test("Marketing Director"));
        assertFalse(new Condition.Contains("director").test("Manager"));
        assertTrue(new Condition.StartsWith("/pricing").test("/Pricing/enterprise"));
        assertFalse(new Condition.StartsWith("/pricing").test("/blog/pricing"));
        assertTrue(new Condition.EndsWith(".pdf").test("whitepaper.PDF"));
        assertFalse(new Condition.EndsWith(".pdf").test("whitepaper.pdf.html"));
        assertFalse(new Condition.Contains("x").test(null));
        assertTrue(new Condition.Contains("料金").test("/製品/料金プラン"));
        assertTrue(new Condition.Contains("PLAN").test("/料金plan"));
        assertFalse(new Condition.Contains("long needle").test("long"));
        assertFalse(new Condition.EndsWith(".pdf").test("pdf"));
        assertTrue(new Condition.StartsWith("株式会社").test("株式会社テスト"));
        assertTrue(new Condition.Contains("12.5").test(new java.math.BigDecimal("112.50")));
    }

    @Test
    void matchesFindsThePatternAnywhereUnlessAnchored() {
        assertTrue(new Condition.Matches(Pattern.compile("demo|trial")).test("/start-trial"));
        assertFalse(new Condition.Matches(Pattern.compile("^demo$")).test("/demo"));
        assertTrue(new Condition.Matches(Pattern.compile("^/demo$")).test("/demo"));
        assertFalse(new Condition.Matches(Pattern.compile("x")).test(null));
    }

    @Test
    void matchesLooksOnlyAtTheFirstCharactersOfAHugeValue() {
        String huge = "a".repeat(Condition.MAX_MATCHED_LENGTH) + "needle";
        assertFalse(new Condition.Matches(Pattern.compile("needle")).test(huge));
    }

    @Test
    void comparisonsAreNumericAndIgnoreNonNumbers() {
        BigDecimal hundred = new BigDecimal("100");
        assertTrue(new Condition.Compare(Op.GT, hundred).test(101));
        assertFalse(new Condition.Compare(Op.GT, hundred).test(100));
        assertTrue(new Condition.Compare(Op.GTE, hundred).test(100));
        assertFalse(new Condition.Compare(Op.GTE, hundred).test(99.99));
        assertTrue(new Condition.Compare(Op.LT, hundred).test("99.5"));
        assertFalse(new Condition.Compare(Op.LT, hundred).test(100));
        assertTrue(new Condition.Compare(Op.LTE, hundred).test(100L));
        assertFalse(new Condition.Compare(Op.LTE, hundred).test(100.01));
        assertFalse(new Condition.Compare(Op.GT, hundred).test("lots"));
        assertFalse(new Condition.Compare(Op.GT, hundred).test(null));
    }

    @Test
    void inMatchesAnyListedValue() {
        Condition in = new Condition.In(Set.of("jp", "us", new BigDecimal("3")), null);
        assertTrue(in.test("JP"));
        assertTrue(in.test(3));
        assertFalse(in.test("de"));
        assertFalse(in.test(null));
    }

    @Test
    void inFreeMailKnowsTheBuiltInDomains() {
        Condition in = new Condition.In(Set.copyOf(FreeMailDomains.DOMAINS), FreeMailDomains.REFERENCE);
        assertTrue(in.test("gmail.com"));
        assertTrue(in.test("yahoo.co.jp"));
        assertTrue(in.test("Outlook.com"));
        assertFalse(in.test("acme.co.jp"));
    }

    @Test
    void existsLooksOnlyAtPresence() {
        assertTrue(new Condition.Exists(true).test(""));
        assertFalse(new Condition.Exists(true).test(null));
        assertTrue(new Condition.Exists(false).test(null));
        assertFalse(new Condition.Exists(false).test(0));
    }

    @Test
    void fieldPathsFollowNestedProperties() {
        FieldCondition condition = new FieldCondition("utm.campaign", new Condition.Equals("spring"));
        assertTrue(condition.test(java.util.Map.of("utm", java.util.Map.of("campaign", "Spring"))));
        assertFalse(condition.test(java.util.Map.of("utm", "spring")));
        assertFalse(condition.test(java.util.Map.of()));
        FieldCondition deep = new FieldCondition("a.b.c", new Condition.Exists(true));
        assertTrue(deep.test(java.util.Map.of("a", java.util.Map.of("b", java.util.Map.of("c", 1)))));
        assertFalse(deep.test(java.util.Map.of("a", java.util.Map.of("b", 1))));
        assertTrue(new FieldCondition("a.", new Condition.Exists(true)).test(java.util.Map.of("a", java.util.Map.of("", 1))));
    }

    @Test
    void aNestedQuantifierMatchesInLinearTime() {
        // java.util.regex needs about 2^n steps for (a+)+$ on "aaa...!"; RE2 answers at once, even at the length cap.
        Condition nested = new Condition.Matches(Pattern.compile("(a+)+$"));
        String text = "a".repeat(Condition.MAX_MATCHED_LENGTH - 1) + "!";
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(2),
                () -> assertFalse(nested.test(text)));
        assertTrue(nested.test("aaaa"));
    }
}
