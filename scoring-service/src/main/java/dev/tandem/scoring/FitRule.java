package dev.tandem.scoring;

/** Points for a lead attribute that passes the condition. */
public record FitRule(String id, String name, String field, Condition condition, int points) {

    public boolean matches(FitProfile profile) {
        return condition.test(profile.value(field));
    }
}
