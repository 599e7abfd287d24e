package dev.tandem.events;

import java.util.Map;

/**
 * What other services may know of a lead: contact and fit attributes, consent, stage and owner.
 * Carried whole by LeadCreated and LeadUpdated so a consumer never has to call lead-service back.
 */
public record LeadProfile(
        String email,
        String firstName,
        String lastName,
        String company,
        String jobTitle,
        String phone,
        String country,
        String timezone,
        String locale,
        Integer companySize,
        String industry,
        String source,
        String campaign,
        Map<String, Object> attributes,
        Boolean emailConsent,
        LifecycleStage stage,
        String ownerId) {

    public LeadProfile {
        Require.present(email, "lead.email");
        Require.present(stage, "lead.stage");
        attributes = attributes == null ? Map.of() : attributes;
    }

    /** The part after '@', lower case: what fit rules on {@code emailDomain} look at. */
    public String emailDomain() {
        int at = email.lastIndexOf('@');
        return at < 0 ? "" : email.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
    }
}
