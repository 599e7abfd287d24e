package dev.tandem.scoring.messaging;

/** Incoming channel names, as configured in application.properties. */
public final class Channels {

    public static final String ACTIVITIES = "activities";
    public static final String LEADS = "leads";
    public static final String FEEDBACK = "feedback";

    /** The CloudEvents source of everything this service publishes. */
    public static final String SOURCE = "scoring-service";

    private Channels() {
    }
}
