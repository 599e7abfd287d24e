package dev.tandem.nurture.rest;

import dev.tandem.nurture.service.Actor;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request as the service layer sees it. */
@RequestScoped
public class Callers {

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken jwt;

    public Actor current() {
        String subject = jwt.getSubject() != null ? jwt.getSubject() : identity.getPrincipal().getName();
        return new Actor(subject, identity.getRoles(), jwt.getClaim("name"), jwt.getClaim("email"));
    }
}
