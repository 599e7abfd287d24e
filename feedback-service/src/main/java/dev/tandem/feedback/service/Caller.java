package dev.tandem.feedback.service;

import dev.tandem.platform.security.Roles;

import java.util.Set;

/** Who calls: the JWT subject and roles. A sales rep (without admin or marketing) sees only their own leads. */
public record Caller(String subject, Set<String> roles) {

    public boolean restrictedToOwnLeads() {
        return roles.contains(Roles.SALES) && !roles.contains(Roles.ADMIN) && !roles.contains(Roles.MARKETING);
    }
}
