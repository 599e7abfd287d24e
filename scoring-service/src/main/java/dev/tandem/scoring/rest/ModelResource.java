package dev.tandem.scoring.rest;

import dev.tandem.platform.security.Roles;
import dev.tandem.platform.http.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.scoring.StoredModel;
import dev.tandem.scoring.service.ModelService;
import dev.tandem.scoring.service.NotFoundException;
import dev.tandem.scoring.service.RescoreService;
import dev.tandem.scoring.service.SimulationService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;

/** Scoring models as data: marketing and admin write, sales reads, tracker nothing. */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    static final int MAX_PAGE_SIZE = 200;

    @Inject
    ModelService models;
    @Inject
    RescoreService rescores;
    @Inject
    SimulationService simulations;
    @Inject
    JsonWebToken caller;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    public Response create(JsonNode body, @jakarta.ws.rs.core.Context UriInfo uri) {
        StoredModel model = models.create(body, caller.getName());
        return Response.created(uri.getAbsolutePathBuilder().path(model.id()).build())
                .entity(view(model, model.current())).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public ModelViews.ModelPage list(@QueryParam("page") String page, @QueryParam("size") String size) {
        int s = intParam("size", size, 50, 1, MAX_PAGE_SIZE);
        // page * size is the store's skip, an int: a page past that would wrap around to a negative skip.
        int p = intParam("page", page, 0, 0, Integer.MAX_VALUE / s);
        List<ModelViews.ModelView> items = models.list(p, s).stream().map(m -> view(m, m.current())).toList();
        return new ModelViews.ModelPage(items, p, s, models.count());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public ModelViews.ModelView get(@PathParam("id") String id, @QueryParam("version") String version) {
        StoredModel model = models.get(id);
        if (version == null) {
            return view(model, model.current());
        }
        int number = intParam("version", version, 1, 1, Integer.MAX_VALUE);
        return view(model, model.version(number)
                .orElseThrow(() -> new NotFoundException("model " + id + " has no version " + number)));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    public ModelViews.ModelView update(@PathParam("id") String id, JsonNode body) {
        StoredModel model = models.updateDraft(id, body, caller.getName());
        return view(model, model.current());
    }

    @GET
    @Path("/{id}/versions")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public List<ModelViews.VersionView> versions(@PathParam("id") String id) {
        return models.get(id).versions().stream().map(ModelViews::of).toList();
    }

    @POST
    @Path("/{id}/versions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    public Response newVersion(@PathParam("id") String id, JsonNode body) {
        StoredModel model = models.newVersion(id, body, caller.getName());
        return Response.status(201).entity(view(model, model.current())).build();
    }

    @POST
    @Path("/{id}/publish")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    public Response publish(@PathParam("id") String id) {
        StoredModel model = models.publish(id, caller.getName());
        return Response.ok(view(model, model.active().orElseThrow())).header("Location", "/models/" + id + "/rescore")
                .build();
    }

    @POST
    @Path("/{id}/retire")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    public Response retire(@PathParam("id") String id) {
        StoredModel model = models.retire(id);
        return Response.ok(view(model, model.current())).header("Location", "/models/" + id + "/rescore").build();
    }

    @POST
    @Path("/{id}/primary")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    public ModelViews.ModelView primary(@PathParam("id") String id) {
        StoredModel model = models.makePrimary(id);
        return view(model, model.current());
    }

    @GET
    @Path("/{id}/rescore")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public RescoreService.Progress rescore(@PathParam("id") String id) {
        models.get(id);
        return rescores.progress(id).orElseThrow(() -> new NotFoundException("model " + id + " was never rescored"));
    }

    @POST
    @Path("/{id}/simulate")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    public SimulationService.Simulation simulate(@PathParam("id") String id, @QueryParam("version") String version,
                                                 @QueryParam("bandWidth") String bandWidth) {
        StoredModel model = models.get(id);
        StoredModel.Version chosen = version == null ? model.current()
                : model.version(intParam("version", version, 1, 1, Integer.MAX_VALUE))
                .orElseThrow(() -> new NotFoundException("model " + id + " has no version " + version));
        return simulations.simulate(id, chosen, intParam("bandWidth", bandWidth, 25, 1, 100_000));
    }

    private ModelViews.ModelView view(StoredModel model, StoredModel.Version shown) {
        return ModelViews.of(model, shown, models.isPrimary(model.id()));
    }

    static int intParam(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < min || number > max) {
                throw ProblemException.badRequest("$query." + name, "must be between " + min + " and " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("$query." + name, "must be a whole number");
        }
    }
}
