package dev.tandem.nurture.service;

import dev.tandem.nurture.Condition;
import dev.tandem.nurture.LeadContact;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** Attribute conditions over a lead: its fields by name, its custom attributes as {@code attributes.<name>}. */
public final class LeadAttributes {

    private LeadAttributes() {
    }

    public static boolean matches(Condition.Attribute condition, LeadContact lead) {
        Object actual = value(condition.name(), lead);
        Object expected = condition.value();
        return switch (condition.op()) {
            case "exists" -> actual != null && !"".equals(actual);
            case "eq" -> actual != null && same(actual, expected);
            case "ne" -> actual == null || !same(actual, expected);
            case "contains" -> actual != null && expected != null
                    && actual.toString().toLowerCase(Locale.ROOT).contains(expected.toString().toLowerCase(Locale.ROOT));
            case "gt" -> actual instanceof Number a && expected instanceof Number b && a.doubleValue() > b.doubleValue();
            case "lt" -> actual instanceof Number a && expected instanceof Number b && a.doubleValue() < b.doubleValue();
            default -> false;
        };
    }

    private static boolean same(Object actual, Object expected) {
        if (actual instanceof Number a && expected instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        return Objects.toString(actual).equalsIgnoreCase(Objects.toString(expected));
    }

    static Object value(String name, LeadContact lead) {
        if (name.startsWith("attributes.")) {
            Map<String, Object> attributes = Json.read(lead.attributes, MailData.MAP);
            return attributes.get(name.substring("attributes.".length()));
        }
        return switch (name) {
            case "email" -> lead.email;
            case "firstName" -> lead.firstName;
            case "lastName" -> lead.lastName;
            case "company" -> lead.company;
            case "jobTitle" -> lead.jobTitle;
            case "country" -> lead.country;
            case "timezone" -> lead.timezone;
            case "locale" -> lead.locale;
            case "stage" -> lead.stage;
            case "ownerId" -> lead.ownerId;
            case "emailDomain" -> lead.email == null ? null : lead.email.substring(lead.email.lastIndexOf('@') + 1)
                    .toLowerCase(Locale.ROOT);
            default -> Json.read(lead.attributes, MailData.MAP).get(name);
        };
    }
}
