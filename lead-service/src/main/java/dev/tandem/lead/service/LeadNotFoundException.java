package dev.tandem.lead.service;

/** No live lead with this id, or one the caller may not see (same answer: no existence leak). */
public class LeadNotFoundException extends RuntimeException {

    public LeadNotFoundException(String id) {
        super("no lead with id '" + id + "'");
    }

    private LeadNotFoundException(String message, boolean unused) {
        super(message);
    }

    public static LeadNotFoundException forEmail(String email) {
        return new LeadNotFoundException("no lead with email '" + email + "'", true);
    }
}
