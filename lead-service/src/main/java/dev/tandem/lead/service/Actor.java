package dev.tandem.lead.service;

import java.util.Set;

import static dev.tandem.platform.security.Roles.ADMIN;
import static dev.tandem.platform.security.Roles.MARKETING;
import static dev.tandem.platform.security.Roles.SALES;

/** Who is calling: the JWT subject and roles. Sales reps see only their own leads and unassigned MQLs. */
public record Actor(String subject, Set<String> roles) {

    /** The rep whose view is restricted, or null when the actor sees every lead. */
    public String restrictedToOwner() {
        boolean seesAll = roles.contains(ADMIN) || roles.contains(MARKETING);
        return !seesAll && roles.contains(SALES) ? subject : null;
    }

    public static Actor system(String name) {
        return new Actor(name, Set.of(ADMIN));
    }
}
