package dev.tandem.scoring;

/** One problem in a request body: {@code field} is a JSON path ({@code $.behaviourRules[0].points}). */
public record FieldError(String field, String message) {
}
