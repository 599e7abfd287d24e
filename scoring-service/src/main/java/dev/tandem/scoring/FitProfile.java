package dev.tandem.scoring;

import dev.tandem.events.LeadProfile;

import java.util.Map;
import java.util.Set;

/** The lead attributes fit rules can look at, as last announced on {@code lead.events}. */
public record FitProfile(String jobTitle, Integer companySize, String industry, String country, String emailDomain,
                         String source, Map<String, Object> attributes) {

    public static final String ATTRIBUTES_PREFIX = "attributes.";
    public static final Set<String> TEXT_FIELDS = Set.of("jobTitle", "industry", "country", "emailDomain", "source");
    public static final Set<String> NUMBER_FIELDS = Set.of("companySize");

    public static final FitProfile EMPTY = new FitProfile(null, null, null, null, null, null, Map.of());

    public FitProfile {
        attributes = attributes == null ? Map.of() : attributes;
    }

    public static FitProfile of(LeadProfile lead) {
        return new FitProfile(lead.jobTitle(), lead.companySize(), lead.industry(), lead.country(),
                lead.emailDomain(), lead.source(), lead.attributes());
    }

    public static boolean isField(String field) {
        return TEXT_FIELDS.contains(field) || NUMBER_FIELDS.contains(field)
                || (field.startsWith(ATTRIBUTES_PREFIX) && field.length() > ATTRIBUTES_PREFIX.length());
    }

    public Object value(String field) {
        return switch (field) {
            case "jobTitle" -> jobTitle;
            case "companySize" -> companySize;
            case "industry" -> industry;
            case "country" -> country;
            case "emailDomain" -> emailDomain;
            case "source" -> source;
            default -> field.startsWith(ATTRIBUTES_PREFIX)
                    ? FieldCondition.resolve(attributes, field.substring(ATTRIBUTES_PREFIX.length()))
                    : null;
        };
    }
}
