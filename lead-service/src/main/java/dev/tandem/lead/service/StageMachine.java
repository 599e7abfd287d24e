package dev.tandem.lead.service;

import dev.tandem.events.DealLost;
import dev.tandem.events.DealOpened;
import dev.tandem.events.DealWon;
import dev.tandem.events.LeadAccepted;
import dev.tandem.events.LeadQualified;
import dev.tandem.events.LeadRejected;
import dev.tandem.events.LifecycleStage;
import dev.tandem.events.TandemEvent;

import java.util.Optional;

import static dev.tandem.events.LifecycleStage.CUSTOMER;
import static dev.tandem.events.LifecycleStage.DISQUALIFIED;
import static dev.tandem.events.LifecycleStage.MQL;
import static dev.tandem.events.LifecycleStage.OPPORTUNITY;
import static dev.tandem.events.LifecycleStage.RECYCLED;
import static dev.tandem.events.LifecycleStage.SQL;

/**
 * The lifecycle rules: which stage an event moves a lead to, and which manual moves need a reason.
 * Events only ever move a lead forward in the funnel or out of it (rejected, lost); a customer stays a customer
 * unless someone moves it by hand.
 */
public final class StageMachine {

    private StageMachine() {
    }

    /** The stage {@code event} moves a lead in {@code current} to, or empty when it does not move it. */
    public static Optional<LifecycleStage> next(LifecycleStage current, TandemEvent event) {
        LifecycleStage target = targetOf(event, current);
        if (target == null || target == current) {
            return Optional.empty();
        }
        return Optional.of(target);
    }

    private static LifecycleStage targetOf(TandemEvent event, LifecycleStage current) {
        if (event instanceof LeadQualified) {
            return isBefore(current, MQL) ? MQL : null;
        }
        if (event instanceof LeadAccepted) {
            return isBefore(current, SQL) || current == DISQUALIFIED ? SQL : null;
        }
        if (event instanceof DealOpened) {
            return isBefore(current, OPPORTUNITY) || current == DISQUALIFIED ? OPPORTUNITY : null;
        }
        if (event instanceof DealWon) {
            return CUSTOMER;
        }
        if (event instanceof LeadRejected rejected) {
            return current == CUSTOMER ? null : rejected.reasonCode().nextStage();
        }
        if (event instanceof DealLost) {
            return current == CUSTOMER ? null : RECYCLED;
        }
        return null;
    }

    /**
     * True when {@code stage} comes before {@code target} in the funnel; a recycled lead counts as before every
     * stage from {@code mql} on, since it is back in nurture and may qualify again.
     */
    static boolean isBefore(LifecycleStage stage, LifecycleStage target) {
        if (stage == RECYCLED) {
            return target.inFunnel() && target.ordinal() >= MQL.ordinal();
        }
        return stage.inFunnel() && stage.ordinal() < target.ordinal();
    }

    /** A move that goes back in the funnel or leaves it; such a move needs a reason when made by hand. */
    public static boolean isBackward(LifecycleStage from, LifecycleStage to) {
        if (!to.inFunnel()) {
            return true;
        }
        return from.inFunnel() && to.ordinal() < from.ordinal();
    }

    /** Checks a manual move; throws when it is not allowed, naming the field at fault. */
    public static void checkManual(LifecycleStage from, LifecycleStage to, String reason) {
        if (from == to) {
            throw new ConflictException("the lead is already in stage '" + to.code() + "'");
        }
        if (isBackward(from, to) && (reason == null || reason.isBlank())) {
            throw new InvalidInputException("reason",
                    "a reason is required to move a lead from '" + from.code() + "' to '" + to.code() + "'");
        }
    }
}
