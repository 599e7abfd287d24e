package dev.tandem.nurture;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum EnrollmentState {
    ACTIVE, PAUSED, COMPLETED, EXITED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean open() {
        return this == ACTIVE || this == PAUSED;
    }
}
