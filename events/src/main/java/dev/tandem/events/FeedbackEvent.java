package dev.tandem.events;

/** Events on {@value Topics#FEEDBACK_EVENTS}, produced by feedback-service from sales reps' feedback. */
public sealed interface FeedbackEvent extends TandemEvent
        permits LeadRouted, LeadAccepted, LeadRejected, DealOpened, DealWon, DealLost {

    /** The sales rep (JWT subject) who gave the feedback. */
    String by();
}
