package dev.tandem.gateway.identity.rest;

import dev.tandem.platform.http.ProblemException;
import dev.tandem.platform.security.Roles;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checks on request values that name the offending field the way clients wrote it. */
final class Checks {

    static final Set<String> ROLES = Set.of(Roles.ADMIN, Roles.MARKETING, Roles.SALES, Roles.TRACKER);
    static final int MAX_PAGE = 200;

    private Checks() {
    }

    /** The roles without repeats, each one known; null stays null (a change that leaves roles alone). */
    static List<String> roles(List<String> roles) {
        if (roles == null) {
            return null;
        }
        for (String role : roles) {
            if (role == null || !ROLES.contains(role)) {
                throw ProblemException.badRequest("roles", "must each be one of admin, marketing, sales, tracker; not "
                        + (role == null ? "null" : "'" + role + "'"));
            }
        }
        return List.copyOf(new LinkedHashSet<>(roles));
    }

    static void page(int offset, int limit) {
        if (offset < 0) {
            throw ProblemException.badRequest("offset", "must be 0 or more");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw ProblemException.badRequest("limit", "must be between 1 and " + MAX_PAGE);
        }
    }
}
