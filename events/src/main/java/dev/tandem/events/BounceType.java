package dev.tandem.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** A hard bounce suppresses the address for good; a soft one only after repeats. */
public enum BounceType {
    HARD, SOFT;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static BounceType fromCode(String code) {
        for (BounceType type : values()) {
            if (type.code().equals(code)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown bounce type '" + code + "'");
    }
}
