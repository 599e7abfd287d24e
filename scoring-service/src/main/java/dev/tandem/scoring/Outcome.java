package dev.tandem.scoring;

/** What sales reported on a lead (feedback.events): what a backtest measures a model against. */
public record Outcome(boolean won, boolean lost, boolean rejected) {

    public Outcome merge(Outcome other) {
        return new Outcome(won || other.won, lost || other.lost, rejected || other.rejected);
    }
}
