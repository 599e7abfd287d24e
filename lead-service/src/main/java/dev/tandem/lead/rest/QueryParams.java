package dev.tandem.lead.rest;

import dev.tandem.events.IsoInstants;
import dev.tandem.lead.service.InvalidInputException;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameters read as text and parsed here, so a bad value is a 400 naming the parameter (not a 404). */
final class QueryParams {

    static final int MAX_PAGE_SIZE = 200;

    private QueryParams() {
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(name, "must be an ISO-8601 instant such as 2026-04-01T00:00:00Z");
        }
        if (!IsoInstants.inSupportedRange(instant)) {
            throw new InvalidInputException(name, "must lie in the years 0001 to 9999");
        }
        return instant;
    }

    static Double number(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double number = Double.parseDouble(value);
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be a number");
        }
    }

    static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < min || number > max) {
                throw new InvalidInputException(name, "must be between " + min + " and " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, "must be an integer");
        }
    }

    static int page(String value) {
        return integer("page", value, 0, 0, 1_000_000);
    }

    static int size(String value) {
        return integer("size", value, 50, 1, MAX_PAGE_SIZE);
    }
}
