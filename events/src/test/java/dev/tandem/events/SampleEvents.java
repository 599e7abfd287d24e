package dev.tandem.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One populated instance of every event, with Japanese text where people would write it. */
final class SampleEvents {

    static final String LEAD = "6563a1f0c2b7a94e1d0b1234";
    static final Instant AT = Instant.parse("2026-11-26T09:15:30.123Z");

    private SampleEvents() {
    }

    static LeadProfile profile() {
        return new LeadProfile("taro.yamada@example.co.jp", "太郎", "山田", "株式会社サンプル", "情報システム部 部長",
                "+81-3-1234-5678", "JP", "Asia/Tokyo", "ja-JP", 250, "製造業", "web", "2026秋ウェビナー",
                Map.of("region", "関東", "employees", 250, "partner", true), true, LifecycleStage.LEAD, "rep-1");
    }

    static List<TandemEvent> all() {
        return List.of(
                new LeadCreated(id(), AT, LEAD, 1, profile()),
                new LeadUpdated(id(), AT, LEAD, 1, profile(), List.of("jobTitle", "company")),
                new LeadStageChanged(id(), AT, LEAD, 1, LifecycleStage.LEAD, LifecycleStage.MQL, "LeadQualified",
                        id(), null, "scoring-service"),
                new LeadOwnerAssigned(id(), AT, LEAD, 1, "rep-2", "rep-1", "marketing-1"),
                new LeadsMerged(id(), AT, LEAD, 1, "6563a1f0c2b7a94e1d0b9999", "marketing-1"),
                new LeadErased(id(), AT, LEAD, 1, "admin-1"),
                new ActivityRecorded(id(), AT, LEAD, 1, "page_view", "anon-42", "web",
                        Map.of("url", "https://example.co.jp/料金", "title", "料金プラン")),
                new ScoreChanged(id(), AT, LEAD, 1, "model-1", 3, true, 72.5, 52.5, 20, "B", 60.0, "C",
                        List.of(new ScoreReason("料金ページ閲覧", 30), new ScoreReason("製造業", 20))),
                new LeadQualified(id(), AT, LEAD, 1, "model-1", 3, 72.5, 20),
                new LeadUnqualified(id(), AT, LEAD, 1, "model-1", 3, 48.25, 20),
                new EmailSent(id(), AT, LEAD, 1, "campaign-1", "step-1", "msg-1", "【ご案内】新製品ウェビナーのお知らせ"),
                new EmailBounced(id(), AT, LEAD, 1, "msg-1", BounceType.HARD, "550 5.1.1 user unknown"),
                new Unsubscribed(id(), AT, LEAD, 1, "campaign-1", "msg-1", "email"),
                new EnrollmentStarted(id(), AT, LEAD, 1, "campaign-1", "enr-1"),
                new EnrollmentExited(id(), AT, LEAD, 1, "campaign-1", "enr-1", "goal_reached"),
                new LeadAccepted(id(), AT, LEAD, 1, "rep-1"),
                new LeadRejected(id(), AT, LEAD, 1, RejectReason.NO_BUDGET, "next_fiscal_year", "来期予算で再検討", "rep-1"),
                new DealOpened(id(), AT, LEAD, 1, "deal-1", new BigDecimal("1200000"), "JPY", "rep-1"),
                new DealWon(id(), AT, LEAD, 1, "deal-1", new BigDecimal("1180000.50"), "JPY", "rep-1"),
                new DealLost(id(), AT, LEAD, 1, "deal-2", DealLossReason.COMPETITOR, "他社採用", "rep-1"),
                new LeadRouted(id(), AT, LEAD, 1, "rep-tokyo", "team-kanto", "territory", "feedback-service"),
                // Appended so the indices the tests use for the other events stay put.
                new EmailComplained(id(), AT, LEAD, 1, "campaign-1", "msg-1", "abuse"));
    }

    private static UUID id() {
        return UUID.randomUUID();
    }
}
