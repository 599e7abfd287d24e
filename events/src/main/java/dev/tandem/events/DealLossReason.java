package dev.tandem.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a deal was lost; a lost deal always sends the lead back to nurture ({@code recycled}). */
public enum DealLossReason {
    PRICE, COMPETITOR, NO_DECISION, TIMING, MISSING_FEATURE, OTHER;

    @JsonValue
    public String code() {
        return Codes.of(this);
    }

    @JsonCreator
    public static DealLossReason fromCode(String code) {
        return Codes.parse(DealLossReason.class, code, "deal loss reason");
    }
}
