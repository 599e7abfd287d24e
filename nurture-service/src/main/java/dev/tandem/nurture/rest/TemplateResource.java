package dev.tandem.nurture.rest;

import dev.tandem.nurture.TemplateInput;
import dev.tandem.nurture.TemplateView;
import dev.tandem.nurture.service.InvalidInputException;
import dev.tandem.nurture.service.TemplateRenderer;
import dev.tandem.nurture.service.TemplateService;
import dev.tandem.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.UUID;

@Path("/templates")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MARKETING})
public class TemplateResource {

    @Inject
    TemplateService templates;

    @GET
    public List<TemplateView> list() {
        return templates.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(TemplateInput input) {
        TemplateView created = templates.create(input);
        return Response.created(URI.create("/templates/" + created.id())).entity(created).build();
    }

    @GET
    @Path("/{id}")
    public TemplateView get(@PathParam("id") UUID id) {
        return templates.get(id);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public TemplateView update(@PathParam("id") UUID id, TemplateInput input) {
        return templates.update(id, input);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") UUID id) {
        templates.delete(id);
        return Response.noContent().build();
    }

    /** Renders for a stored lead ({@code leadId}) or the sample lead (no body fields). */
    @POST
    @Path("/{id}/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    public TemplateRenderer.Rendered preview(@PathParam("id") UUID id, Requests.Preview body) {
        Requests.Preview request = body == null ? new Requests.Preview(null, null) : body;
        return templates.preview(id, request.leadId(), request.locale());
    }

    @POST
    @Path("/{id}/test-send")
    @Consumes(MediaType.APPLICATION_JSON)
    public Requests.TestSent testSend(@PathParam("id") UUID id, Requests.TestSend body) {
        if (body == null) {
            throw InvalidInputException.of("to", "is required");
        }
        return new Requests.TestSent(templates.testSend(id, body.to(), body.locale()), body.to());
    }
}
