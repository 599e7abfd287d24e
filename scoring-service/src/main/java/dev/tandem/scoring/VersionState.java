package dev.tandem.scoring;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A model version is edited as a draft, scores leads while active, and is kept for explanation once retired. */
public enum VersionState {
    DRAFT, ACTIVE, RETIRED;

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
