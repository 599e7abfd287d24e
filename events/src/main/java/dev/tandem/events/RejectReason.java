package dev.tandem.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why sales rejected a lead; the reason decides whether the lead goes back to nurture or out of the funnel. */
public enum RejectReason {
    NO_BUDGET(false),
    BAD_TIMING(false),
    NOT_REACHABLE(false),
    NEEDS_NURTURE(false),
    NOT_A_FIT(true),
    COMPETITOR(true),
    STUDENT_OR_JOB_SEEKER(true),
    INVALID_CONTACT(true),
    DUPLICATE(true);

    private final boolean disqualifies;

    RejectReason(boolean disqualifies) {
        this.disqualifies = disqualifies;
    }

    /** Where a rejected lead goes: {@code disqualified} for these reasons, {@code recycled} otherwise. */
    public LifecycleStage nextStage() {
        return disqualifies ? LifecycleStage.DISQUALIFIED : LifecycleStage.RECYCLED;
    }

    @JsonValue
    public String code() {
        return Codes.of(this);
    }

    @JsonCreator
    public static RejectReason fromCode(String code) {
        return Codes.parse(RejectReason.class, code, "reject reason");
    }
}
