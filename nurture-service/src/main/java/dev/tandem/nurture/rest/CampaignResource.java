package dev.tandem.nurture.rest;

import dev.tandem.nurture.CampaignDefinition;
import dev.tandem.nurture.CampaignState;
import dev.tandem.nurture.CampaignStats;
import dev.tandem.nurture.CampaignView;
import dev.tandem.nurture.service.CampaignService;
import dev.tandem.nurture.service.InvalidInputException;
import dev.tandem.nurture.service.StatsService;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.UUID;

@Path("/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.MARKETING})
public class CampaignResource {

    @Inject
    CampaignService campaigns;

    @Inject
    StatsService stats;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public List<CampaignView> list(@QueryParam("state") String state) {
        CampaignState filter = null;
        if (state != null) {
            try {
                filter = CampaignState.fromCode(state);
            } catch (IllegalArgumentException e) {
                throw InvalidInputException.of("state", e.getMessage());
            }
        }
        return campaigns.list(filter);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(CampaignDefinition definition) {
        CampaignView created = campaigns.create(definition);
        return Response.created(URI.create("/campaigns/" + created.id())).entity(created).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public CampaignView get(@PathParam("id") UUID id) {
        return campaigns.get(id);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public CampaignView update(@PathParam("id") UUID id, CampaignDefinition definition) {
        return campaigns.update(id, definition);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") UUID id) {
        campaigns.delete(id);
        return Response.noContent().build();
    }

    /** draft → active ⇄ paused → archived; a pause keeps its {@code reason}. */
    @POST
    @Path("/{id}/state")
    @Consumes(MediaType.APPLICATION_JSON)
    public CampaignView changeState(@PathParam("id") UUID id, Requests.ChangeState body) {
        if (body == null || body.state() == null) {
            throw InvalidInputException.of("state", "is required (active, paused, archived)");
        }
        if (body.reason() != null && body.reason().length() > 500) {
            throw InvalidInputException.of("reason", "must be at most 500 characters");
        }
        return campaigns.changeState(id, body.state(), body.reason());
    }

    @GET
    @Path("/{id}/stats")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public CampaignStats stats(@PathParam("id") UUID id) {
        return stats.stats(id);
    }
}
