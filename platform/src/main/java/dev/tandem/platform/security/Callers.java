package dev.tandem.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request, read from the verified JWT. */
@RequestScoped
public class Callers {

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken jwt;

    public Caller current() {
        String subject = jwt.getSubject() != null ? jwt.getSubject() : identity.getPrincipal().getName();
        return new Caller(subject, identity.getRoles(), jwt.getClaim("name"), jwt.getClaim("email"));
    }
}
