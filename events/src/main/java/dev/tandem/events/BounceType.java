package dev.tandem.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A hard bounce suppresses the address for good; a soft one only after repeats. */
public enum BounceType {
    HARD, SOFT;

    @JsonValue
    public String code() {
        return Codes.of(this);
    }

    @JsonCreator
    public static BounceType fromCode(String code) {
        return Codes.parse(BounceType.class, code, "bounce type");
    }
}
