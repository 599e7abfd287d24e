package dev.tandem.events;

/** Checks run by the records' constructors, so a missing field fails with a message that names it. */
final class Require {

    private Require() {
    }

    static <T> T present(T value, String field) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new IllegalArgumentException("missing required field '" + field + "'");
        }
        return value;
    }

    static void envelope(Object eventId, Object occurredAt, String leadId, int schemaVersion) {
        present(eventId, "eventId");
        present(occurredAt, "occurredAt");
        present(leadId, "leadId");
        if (schemaVersion < 1) {
            throw new IllegalArgumentException("missing required field 'schemaVersion'");
        }
    }
}
