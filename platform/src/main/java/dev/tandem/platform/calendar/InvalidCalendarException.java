package dev.tandem.platform.calendar;

/**
 * A calendar definition (or one of its parts) that cannot be used. {@link #field()} is the path of the offending
 * value as it appears in the JSON form ({@code weeklyHours.MONDAY[1]}, {@code closedPeriods[0].to}), so a service
 * can report it in a problem+json {@code errors} entry without parsing the message.
 */
public class InvalidCalendarException extends IllegalArgumentException {

    private final String field;
    private final String reason;

    public InvalidCalendarException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }

    /** The same problem seen from an enclosing value: {@code MONDAY[1]} becomes {@code weeklyHours.MONDAY[1]}. */
    InvalidCalendarException under(String parent) {
        String path = field.isEmpty() ? parent : field.startsWith("[") ? parent + field : parent + "." + field;
        return new InvalidCalendarException(path, reason);
    }
}
