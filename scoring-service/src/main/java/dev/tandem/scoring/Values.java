package dev.tandem.scoring;

import java.math.BigDecimal;

/** How conditions compare loosely typed activity properties and lead attributes. */
final class Values {

    private Values() {
    }

    static String text(Object value) {
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    /**
     * Whether {@code part} occurs in {@code value}, ignoring case the way {@link String#equalsIgnoreCase} does (as
     * {@code eq} compares). Rules are tested against every activity of a lead on each rescore: lowering both texts
     * per test allocated two strings each time.
     */
    static boolean containsIgnoringCase(String value, String part) {
        for (int from = 0; from <= value.length() - part.length(); from++) {
            if (value.regionMatches(true, from, part, 0, part.length())) {
                return true;
            }
        }
        return false;
    }

    /** The value as a number, or null when it is not one. */
    static BigDecimal number(Object value) {
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
        }
        if (value instanceof String s && !s.isBlank() && s.length() < 40) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** Numbers by value, booleans by value (also from "true"/"false"), everything else as text ignoring case. */
    static boolean equal(Object expected, Object actual) {
        if (actual == null || expected == null) {
            return false;
        }
        if (expected instanceof BigDecimal e) {
            BigDecimal a = number(actual);
            return a != null && a.compareTo(e) == 0;
        }
        if (expected instanceof Boolean e) {
            if (actual instanceof Boolean a) {
                return a.equals(e);
            }
            return actual instanceof String s && s.equalsIgnoreCase(e.toString());
        }
        return text(expected).equalsIgnoreCase(text(actual));
    }
}
