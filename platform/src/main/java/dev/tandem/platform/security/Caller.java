package dev.tandem.platform.security;

import java.util.Set;

/**
 * Who is calling, as the service layer sees it: the JWT subject and roles, plus the optional {@code name} and
 * {@code email} claims. A sales rep without admin or marketing rights sees only the leads they own.
 */
public record Caller(String subject, Set<String> roles, String name, String email) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public Caller(String subject, Set<String> roles) {
        this(subject, roles, null, null);
    }

    /** A service acting on its own behalf (event handlers, schedulers). */
    public static Caller system(String name) {
        return new Caller(name, Set.of(Roles.ADMIN), null, null);
    }

    public boolean onlyOwnLeads() {
        return roles.contains(Roles.SALES) && !roles.contains(Roles.ADMIN) && !roles.contains(Roles.MARKETING);
    }

    /** The rep whose view is restricted, or null when the caller sees every lead. */
    public String restrictedToOwner() {
        return onlyOwnLeads() ? subject : null;
    }
}
