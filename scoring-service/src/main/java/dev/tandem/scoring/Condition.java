package dev.tandem.scoring;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import com.google.re2j.Pattern;

/**
 * A test on one value (an activity property or a lead attribute), evaluated in memory. Text comparisons ignore
 * case; a missing value matches nothing but {@code exists false}. A list value matches when one element does.
 */
public sealed interface Condition {

    /**
     * Longest text a {@code matches} condition looks at. Patterns are RE2 (linear in the text, no backtracking: a
     * pattern such as {@code (a+)+$} cannot stall scoring), so this bounds the cost of one test.
     */
    int MAX_MATCHED_LENGTH = 2_000;

    Op op();

    /** The operand as it appears in the model's JSON. */
    Object operand();

    /** Whether a present, non-null value passes. */
    boolean testPresent(Object actual);

    default boolean test(Object actual) {
        if (actual == null) {
            return false;
        }
        if (actual instanceof Collection<?> values) {
            return values.stream().anyMatch(v -> v != null && testPresent(v));
        }
        return testPresent(actual);
    }

    record Equals(Object expected) implements Condition {
        public Op op() {
            return Op.EQ;
        }

        public Object operand() {
            return expected;
        }

        public boolean testPresent(Object actual) {
            return Values.equal(expected, actual);
        }
    }

    record NotEquals(Object unexpected) implements Condition {
        public Op op() {
            return Op.NE;
        }

        public Object operand() {
            return unexpected;
        }

        public boolean testPresent(Object actual) {
            return !Values.equal(unexpected, actual);
        }

        @Override
        public boolean test(Object actual) {
            if (actual instanceof Collection<?> values) {
                return values.stream().noneMatch(v -> Values.equal(unexpected, v));
            }
            return actual != null && testPresent(actual);
        }
    }

    record Contains(String text) implements Condition {
        public Op op() {
            return Op.CONTAINS;
        }

        public Object operand() {
            return text;
        }

        public boolean testPresent(Object actual) {
            return Values.containsIgnoringCase(Values.text(actual), text);
        }
    }

    record StartsWith(String prefix) implements Condition {
        public Op op() {
            return Op.STARTS_WITH;
        }

        public Object operand() {
            return prefix;
        }

        public boolean testPresent(Object actual) {
            return Values.text(actual).regionMatches(true, 0, prefix, 0, prefix.length());
        }
    }

    record EndsWith(String suffix) implements Condition {
        public Op op() {
            return Op.ENDS_WITH;
        }

        public Object operand() {
            return suffix;
        }

        public boolean testPresent(Object actual) {
            String value = Values.text(actual);
            return value.regionMatches(true, value.length() - suffix.length(), suffix, 0, suffix.length());
        }
    }

    /** A regular expression found anywhere in the value (anchor it with ^ and $ for a whole match). */
    record Matches(Pattern pattern) implements Condition {
        public Op op() {
            return Op.MATCHES;
        }

        public Object operand() {
            return pattern.pattern();
        }

        public boolean testPresent(Object actual) {
            String text = Values.text(actual);
            if (text.length() > MAX_MATCHED_LENGTH) {
                text = text.substring(0, MAX_MATCHED_LENGTH);
            }
            return pattern.matcher(text).find();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Matches m && m.pattern.pattern().equals(pattern.pattern());
        }

        @Override
        public int hashCode() {
            return pattern.pattern().hashCode();
        }
    }

    /** {@code gt}, {@code gte}, {@code lt}, {@code lte} on numbers (or text that reads as a number). */
    record Compare(Op op, BigDecimal bound) implements Condition {
        public Compare {
            if (!List.of(Op.GT, Op.GTE, Op.LT, Op.LTE).contains(op)) {
                throw new IllegalArgumentException("not a comparison: " + op);
            }
        }

        public Object operand() {
            return bound;
        }

        public boolean testPresent(Object actual) {
            BigDecimal value = Values.number(actual);
            if (value == null) {
                return false;
            }
            int c = value.compareTo(bound);
            return switch (op) {
                case GT -> c > 0;
                case GTE -> c >= 0;
                case LT -> c < 0;
                default -> c <= 0;
            };
        }
    }

    /**
     * One of a set of values. {@code listName} is set when the model named a built-in list ({@code $freemail}),
     * so the model reads back as it was written.
     */
    record In(Set<Object> values, String listName) implements Condition {
        public In {
            values = Set.copyOf(values);
        }

        public Op op() {
            return Op.IN;
        }

        public Object operand() {
            return listName != null ? listName : values;
        }

        public boolean testPresent(Object actual) {
            if (actual instanceof String s && values.contains(s.toLowerCase(Locale.ROOT))) {
                return true;
            }
            return values.stream().anyMatch(v -> Values.equal(v, actual));
        }
    }

    record Exists(boolean expected) implements Condition {
        public Op op() {
            return Op.EXISTS;
        }

        public Object operand() {
            return expected;
        }

        public boolean testPresent(Object actual) {
            return expected;
        }

        @Override
        public boolean test(Object actual) {
            return (actual != null) == expected;
        }
    }
}
