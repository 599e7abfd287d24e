package dev.tandem.nurture;

import java.time.Instant;
import java.util.UUID;

/** An enrolment as the API shows it; {@code nextSendAt} is when its next email goes, if one is scheduled. */
public record EnrollmentView(UUID id, UUID campaignId, String campaignName, String leadId, EnrollmentState state,
                             String stepId, String stepType, Instant nextActionAt, Instant nextSendAt, String variant,
                             String enrolledBy, String pauseReason, String pausedBy, String exitReason,
                             Instant startedAt, Instant endedAt) {
}
