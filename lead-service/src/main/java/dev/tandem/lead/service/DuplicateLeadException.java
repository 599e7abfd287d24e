package dev.tandem.lead.service;

/** Another lead already has this (normalised) email address. */
public class DuplicateLeadException extends RuntimeException {

    private final String existingId;

    public DuplicateLeadException(String email, String existingId) {
        super("a lead with email '" + email + "' already exists");
        this.existingId = existingId;
    }

    public String existingId() {
        return existingId;
    }
}
