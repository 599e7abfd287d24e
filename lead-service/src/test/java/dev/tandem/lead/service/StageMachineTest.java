package dev.tandem.lead.service;

import dev.tandem.events.DealLossReason;
import dev.tandem.events.DealLost;
import dev.tandem.events.DealOpened;
import dev.tandem.events.DealWon;
import dev.tandem.events.LeadAccepted;
import dev.tandem.events.LeadQualified;
import dev.tandem.events.LeadRejected;
import dev.tandem.events.LifecycleStage;
import dev.tandem.events.RejectReason;
import dev.tandem.events.ScoreChanged;
import dev.tandem.events.TandemEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static dev.tandem.events.LifecycleStage.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StageMachineTest {

    private static final Instant NOW = Instant.parse("2026-04-01T00:00:00Z");

    private static LeadQualified qualified() {
        return new LeadQualified(UUID.randomUUID(), NOW, "L", 1, "m", 1, 80, 30);
    }

    private static LeadAccepted accepted() {
        return new LeadAccepted(UUID.randomUUID(), NOW, "L", 1, "rep");
    }

    private static DealOpened opened() {
        return new DealOpened(UUID.randomUUID(), NOW, "L", 1, "d", BigDecimal.TEN, "EUR", "rep");
    }

    private static DealWon won() {
        return new DealWon(UUID.randomUUID(), NOW, "L", 1, "d", BigDecimal.TEN, "EUR", "rep");
    }

    private static LeadRejected rejected(RejectReason reason) {
        return new LeadRejected(UUID.randomUUID(), NOW, "L", 1, reason, null, "rep");
    }

    private static DealLost lost() {
        return new DealLost(UUID.randomUUID(), NOW, "L", 1, "d", DealLossReason.PRICE, null, "rep");
    }

    private static Optional<LifecycleStage> next(LifecycleStage from, TandemEvent event) {
        return StageMachine.next(from, event);
    }

    @ParameterizedTest
    @CsvSource({"SUBSCRIBER", "LEAD", "RECYCLED"})
    void qualifiedMovesEarlierStagesToMql(LifecycleStage from) {
        assertEquals(Optional.of(MQL), next(from, qualified()));
    }

    @ParameterizedTest
    @CsvSource({"MQL", "SQL", "OPPORTUNITY", "CUSTOMER", "DISQUALIFIED"})
    void qualifiedLeavesMqlAndLaterAlone(LifecycleStage from) {
        assertEquals(Optional.empty(), next(from, qualified()));
    }

    @Test
    void salesFeedbackWalksTheFunnel() {
        assertEquals(Optional.of(SQL), next(MQL, accepted()));
        assertEquals(Optional.of(OPPORTUNITY), next(SQL, opened()));
        assertEquals(Optional.of(CUSTOMER), next(OPPORTUNITY, won()));
        assertEquals(Optional.empty(), next(CUSTOMER, won()));
        assertEquals(Optional.empty(), next(OPPORTUNITY, accepted()));
        assertEquals(Optional.empty(), next(CUSTOMER, opened()));
    }

    @ParameterizedTest
    @EnumSource(RejectReason.class)
    void rejectionRecyclesOrDisqualifiesByReason(RejectReason reason) {
        LifecycleStage expected = reason.nextStage();
        assertEquals(Optional.of(expected), next(MQL, rejected(reason)));
        assertEquals(Optional.empty(), next(CUSTOMER, rejected(reason)));
        assertEquals(Optional.empty(), next(expected, rejected(reason)));
    }

    @Test
    void notAFitDisqualifiesAndBadTimingRecycles() {
        assertEquals(Optional.of(DISQUALIFIED), next(SQL, rejected(RejectReason.NOT_A_FIT)));
        assertEquals(Optional.of(RECYCLED), next(SQL, rejected(RejectReason.BAD_TIMING)));
    }

    @Test
    void lostDealRecyclesExceptCustomers() {
        assertEquals(Optional.of(RECYCLED), next(OPPORTUNITY, lost()));
        assertEquals(Optional.empty(), next(RECYCLED, lost()));
        assertEquals(Optional.empty(), next(CUSTOMER, lost()));
    }

    @Test
    void scoreChangesNeverMoveALead() {
        ScoreChanged changed = new ScoreChanged(UUID.randomUUID(), NOW, "L", 1, "m", 1, true, 90, 60, 30, "A", 10.0, "C");
        for (LifecycleStage stage : LifecycleStage.values()) {
            assertEquals(Optional.empty(), next(stage, changed));
        }
    }

    @Test
    void backwardMovesAndLeavingTheFunnelNeedAReason() {
        assertTrue(StageMachine.isBackward(SQL, MQL));
        assertTrue(StageMachine.isBackward(LEAD, RECYCLED));
        assertTrue(StageMachine.isBackward(MQL, DISQUALIFIED));
        assertFalse(StageMachine.isBackward(LEAD, MQL));
        assertFalse(StageMachine.isBackward(RECYCLED, MQL));
        assertFalse(StageMachine.isBackward(DISQUALIFIED, LEAD));

        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> StageMachine.checkManual(SQL, MQL, " "));
        assertEquals("reason", missing.errors().get(0).field());
        StageMachine.checkManual(SQL, MQL, "not ready");
        StageMachine.checkManual(LEAD, MQL, null);
        assertThrows(ConflictException.class, () -> StageMachine.checkManual(MQL, MQL, "again"));
    }
}
