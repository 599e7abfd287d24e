package dev.tandem.events;

/** Events on {@value Topics#ACTIVITY_EVENTS}, produced by lead-service, nurture-service and feedback-service. */
public sealed interface ActivityEvent extends TandemEvent permits ActivityRecorded {
}
