package dev.tandem.events;

import java.util.Locale;

/** The lower-case JSON codes of the enums in this module ({@code no_budget} for {@code NO_BUDGET}). */
final class Codes {

    private Codes() {
    }

    static String of(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String code, String what) {
        for (E value : type.getEnumConstants()) {
            if (of(value).equals(code)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + code + "'");
    }
}
