package dev.tandem.gateway.identity.rest;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who calls and from where, for the audit log. */
@RequestScoped
public class Callers {

    @Inject
    JsonWebToken jwt;

    @Inject
    HttpServerRequest request;

    public String subject() {
        return jwt.getSubject();
    }

    /** The peer address; X-Forwarded-For is not trusted here (anyone can send it). */
    public String ip() {
        SocketAddress remote = request.remoteAddress();
        return remote == null ? null : remote.hostAddress();
    }
}
