package dev.tandem.events;

/** Events on {@value Topics#NURTURE_EVENTS}, produced by nurture-service. */
public sealed interface NurtureEvent extends TandemEvent
        permits EmailSent, EmailBounced, EmailComplained, Unsubscribed, EnrollmentStarted, EnrollmentExited {
}
