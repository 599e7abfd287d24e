package dev.tandem.events;

/**
 * One reason behind a score: a rule's short label (its name in the scoring model) and the points it contributed,
 * summed over the activities that matched it.
 */
public record ScoreReason(String label, double points) {

    public ScoreReason {
        Require.present(label, "topReasons[].label");
    }
}
