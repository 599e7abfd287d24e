package dev.tandem.feedback.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.feedback.LeadCopy;
import dev.tandem.feedback.service.QueueService;
import dev.tandem.platform.security.Callers;
import dev.tandem.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** The rep's queue ({@code GET /me/queue}, ETag/304) and claims from the pool. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class QueueResource {

    public record QueueView(int count, List<QueueService.QueueItem> items) {
    }

    public record ClaimView(String leadId, String ownerId, String stage) {
    }

    @Inject
    QueueService queue;

    @Inject
    Callers callers;

    @Inject
    ObjectMapper json;

    @GET
    @Path("me/queue")
    @RolesAllowed({Roles.SALES, Roles.ADMIN})
    public Response myQueue(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) throws JsonProcessingException {
        List<QueueService.QueueItem> items = queue.queue(callers.current());
        byte[] body = json.writeValueAsBytes(new QueueView(items.size(), items));
        EntityTag tag = new EntityTag(sha256(body));
        if (ifNoneMatch != null && (ifNoneMatch.equals("*") || List.of(ifNoneMatch.split(",")).stream()
                .map(String::strip).anyMatch(t -> t.equals(tag.toString()) || t.equals("W/" + tag)))) {
            return Response.notModified(tag).header(HttpHeaders.CACHE_CONTROL, "private, no-cache").build();
        }
        return Response.ok(body, MediaType.APPLICATION_JSON).tag(tag)
                .header(HttpHeaders.CACHE_CONTROL, "private, no-cache").build();
    }

    @POST
    @Path("queue/{leadId}/claim")
    @RolesAllowed({Roles.SALES})
    public ClaimView claim(@PathParam("leadId") String leadId) {
        LeadCopy lead = queue.claim(callers.current(), leadId);
        return new ClaimView(lead.id, lead.ownerId, lead.stage);
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
