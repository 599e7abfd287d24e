package dev.tandem.lead.service;

import java.util.Map;

/** A sort offered by {@code GET /leads}: {@code field} ascending, {@code -field} descending. */
public record LeadSort(String field, boolean descending) {

    /** API name to stored field; each has an index. */
    public static final Map<String, String> FIELDS = Map.of(
            "createdAt", "createdAt",
            "updatedAt", "updatedAt",
            "score", "score",
            "lastActivityAt", "lastActivityAt",
            "lastName", "search.lastName",
            "company", "search.company",
            "email", "email");

    public static final LeadSort DEFAULT = new LeadSort("createdAt", true);

    /** Parses {@code createdAt}, {@code -score}...; null when the field is not offered. */
    public static LeadSort parse(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT;
        }
        boolean descending = text.startsWith("-");
        String name = descending ? text.substring(1) : text.startsWith("+") ? text.substring(1) : text;
        String field = FIELDS.get(name);
        return field == null ? null : new LeadSort(field, descending);
    }
}
