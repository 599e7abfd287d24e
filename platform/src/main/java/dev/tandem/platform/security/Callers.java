package dev.tandem.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller of the current request, read from the verified JWT (SmallRye JWT's principal). */
@RequestScoped
public class Callers {

    @Inject
    SecurityIdentity identity;

    public Caller current() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return new Caller(jwt.getSubject(), identity.getRoles(), jwt.getClaim("name"), jwt.getClaim("email"));
        }
        return new Caller(identity.getPrincipal().getName(), identity.getRoles());
    }
}
