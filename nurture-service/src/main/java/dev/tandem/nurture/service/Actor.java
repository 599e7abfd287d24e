package dev.tandem.nurture.service;

import dev.tandem.platform.security.Roles;

import java.util.Set;

/** Who is calling: the JWT subject and roles, plus the optional name/email claims (owner details). */
public record Actor(String subject, Set<String> roles, String name, String email) {

    public static final Actor SYSTEM = new Actor("nurture-service", Set.of(Roles.ADMIN), null, null);

    /** A sales rep without marketing or admin rights sees only the leads they own. */
    public boolean onlyOwnLeads() {
        return roles.contains(Roles.SALES) && !roles.contains(Roles.ADMIN) && !roles.contains(Roles.MARKETING);
    }
}
