package dev.tandem.nurture.rest;

import dev.tandem.nurture.service.TamperedLinkException;
import dev.tandem.nurture.service.TrackingService;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.Base64;
import java.util.UUID;

/**
 * The public routes recipients reach (through the gateway's {@code /t/…}): no login, no cookie, HMAC-signed links.
 * A tampered link gets a 400 page, never a redirect.
 */
@Path("/t")
@PermitAll
public class TrackingResource {

    private static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    @Inject
    TrackingService tracking;

    @GET
    @Path("/o/{message}/{file}")
    public Response open(@PathParam("message") String message, @PathParam("file") String file,
                         @HeaderParam(HttpHeaders.USER_AGENT) String userAgent) {
        return pixel(message, file, "GET", userAgent);
    }

    @HEAD
    @Path("/o/{message}/{file}")
    public Response openHead(@PathParam("message") String message, @PathParam("file") String file,
                             @HeaderParam(HttpHeaders.USER_AGENT) String userAgent) {
        return pixel(message, file, "HEAD", userAgent);
    }

    private Response pixel(String message, String file, String method, String userAgent) {
        UUID id = uuid(message);
        if (id != null && file.endsWith(".gif")) {
            tracking.open(id, file.substring(0, file.length() - 4), method, userAgent);
        }
        // The pixel is served whatever the token: a broken image tells a forger nothing.
        return Response.ok(PIXEL, "image/gif").header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("/c/{message}/{signature}")
    public Response click(@PathParam("message") String message, @PathParam("signature") String signature,
                          @QueryParam("u") String target, @HeaderParam(HttpHeaders.USER_AGENT) String userAgent) {
        return redirect(message, signature, target, "GET", userAgent);
    }

    @HEAD
    @Path("/c/{message}/{signature}")
    public Response clickHead(@PathParam("message") String message, @PathParam("signature") String signature,
                              @QueryParam("u") String target, @HeaderParam(HttpHeaders.USER_AGENT) String userAgent) {
        return redirect(message, signature, target, "HEAD", userAgent);
    }

    private Response redirect(String message, String signature, String target, String method, String userAgent) {
        UUID id = uuid(message);
        if (id == null) {
            throw new TamperedLinkException("not a link of ours");
        }
        String url = tracking.click(id, signature, target, method, userAgent);
        // The Location header is ASCII: a Japanese path or query is sent percent-encoded (the same URL to a browser).
        return Response.status(302).header(HttpHeaders.LOCATION, URI.create(url).toASCIIString())
                .header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("/u/{message}/{signature}")
    public Response unsubscribePage(@PathParam("message") String message, @PathParam("signature") String signature,
                                    @QueryParam("lang") String lang, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        UUID id = uuid(message);
        if (id == null || !tracking.validUnsubscribe(id, signature)) {
            throw new TamperedLinkException("not a link of ours");
        }
        boolean japanese = japanese(lang, accept, tracking.localeOf(id));
        String action = "/t/u/" + id + "/" + signature;
        String body = japanese
                ? page("ja", "配信停止", "<p>今後このアドレスへのメール配信を停止します。</p>"
                + "<form method=\"post\" action=\"" + action + "\"><input type=\"hidden\" name=\"List-Unsubscribe\""
                + " value=\"One-Click\"><button type=\"submit\">配信を停止する</button></form>")
                : page("en", "Unsubscribe", "<p>Stop all further email to this address.</p>"
                + "<form method=\"post\" action=\"" + action + "\"><input type=\"hidden\" name=\"List-Unsubscribe\""
                + " value=\"One-Click\"><button type=\"submit\">Unsubscribe</button></form>");
        return html(200, body);
    }

    /** RFC 8058 one-click (and the page's own form): unsubscribes at once; no redirect, no cookie, no login. */
    @POST
    @Path("/u/{message}/{signature}")
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    public Response unsubscribe(@PathParam("message") String message, @PathParam("signature") String signature,
                                @QueryParam("lang") String lang, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String accept) {
        UUID id = uuid(message);
        if (id == null) {
            throw new TamperedLinkException("not a link of ours");
        }
        tracking.unsubscribe(id, signature);
        boolean japanese = japanese(lang, accept, tracking.localeOf(id));
        return html(200, japanese ? page("ja", "配信停止", "<p>配信を停止しました。今後メールはお送りしません。</p>")
                : page("en", "Unsubscribed", "<p>You are unsubscribed and will get no more email from us.</p>"));
    }

    @ServerExceptionMapper
    public Response tampered(TamperedLinkException e) {
        return html(400, page("en", "Invalid link", "<p>このリンクは無効です。 / This link is not valid.</p>"));
    }

    private static boolean japanese(String lang, String accept, String leadLocale) {
        if (lang != null) {
            return lang.startsWith("ja");
        }
        if (leadLocale != null) {
            return leadLocale.startsWith("ja");
        }
        return accept == null || accept.trim().toLowerCase(java.util.Locale.ROOT).startsWith("ja");
    }

    private static Response html(int status, String body) {
        return Response.status(status).type("text/html; charset=UTF-8").entity(body)
                .header("Cache-Control", "no-store").header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'")
                .build();
    }

    private static String page(String lang, String title, String content) {
        return "<!doctype html><html lang=\"" + lang + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + title
                + "</title></head><body style=\"font-family:sans-serif;max-width:32em;margin:2em auto\"><h1>" + title
                + "</h1>" + content + "</body></html>";
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
