package dev.tandem.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Why a deal was lost; a lost deal always sends the lead back to nurture ({@code recycled}). */
public enum DealLossReason {
    PRICE, COMPETITOR, NO_DECISION, TIMING, MISSING_FEATURE, OTHER;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DealLossReason fromCode(String code) {
        for (DealLossReason reason : values()) {
            if (reason.code().equals(code)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown deal loss reason '" + code + "'");
    }
}
