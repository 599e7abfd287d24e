package dev.tandem.lead.rest;

import dev.tandem.platform.security.Caller;
import dev.tandem.platform.security.Callers;
import dev.tandem.platform.security.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.events.LifecycleStage;
import dev.tandem.lead.ImportReport;
import dev.tandem.lead.Lead;
import dev.tandem.lead.LeadInput;
import dev.tandem.lead.PageOf;
import dev.tandem.lead.StageChange;
import dev.tandem.lead.TimelineEntry;
import dev.tandem.lead.service.InvalidInputException;
import dev.tandem.platform.idempotency.Idempotency;
import dev.tandem.platform.idempotency.Idempotent;
import dev.tandem.lead.service.LeadQuery;
import dev.tandem.lead.service.LeadService;
import dev.tandem.lead.service.LeadSort;
import dev.tandem.lead.service.TimelineService;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Leads: create, read, merge-patch, erase, search; stages, history, owner, merge, timeline. */
@Path("/leads")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@Tag(name = "leads")
@SecurityRequirement(name = "SecurityScheme")
public class LeadResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    @Inject
    LeadService leads;

    @Inject
    TimelineService timeline;

    @Inject
    Callers callers;

    @Inject
    ImportRunner imports;

    @Inject
    Idempotency idempotency;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    @Idempotent
    @Operation(summary = "Create a lead", description = "201 with Location; 409 problem with existingId when the email "
            + "is taken. With an Idempotency-Key the lead's id is derived from the key: a retry answers 201 with the "
            + "lead the first attempt created.")
    public Response create(@NotNull LeadInput input, @Context UriInfo uri) {
        Caller actor = callers.current();
        return idempotency.execute(actor.subject(), key -> {
            Lead lead = leads.create(input, actor, key == null ? null : key.derive("lead").toString());
            return Response.created(uri.getAbsolutePathBuilder().path(lead.id()).build()).entity(lead).build();
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    @Operation(summary = "Read a lead")
    public Lead get(@PathParam("id") String id) {
        return leads.get(id, callers.current());
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    @Operation(summary = "Change a lead with a JSON Merge Patch (RFC 7396)",
            description = "Read-only fields (stage, score, ownerId, createdAt, history...) are refused with 400.")
    public Lead patch(@PathParam("id") String id, JsonNode patch) {
        return leads.patch(id, patch, callers.current());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Erase a lead (GDPR)", description = "Personal data removed, a tombstone kept, LeadErased published.")
    public Response erase(@PathParam("id") String id) {
        leads.erase(id, callers.current());
        return Response.noContent().build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    @Operation(summary = "Search leads", description = "Filters stage, ownerId, source, campaign, q (prefix of name, "
            + "email, company), minScore/maxScore, createdFrom/createdTo; sort createdAt, updatedAt, score, "
            + "lastActivityAt, lastName, company, email (prefix '-' for descending); page from 0, size up to 200.")
    public PageOf<Lead> list(@QueryParam("stage") String stage, @QueryParam("ownerId") String ownerId,
                             @QueryParam("source") String source, @QueryParam("campaign") String campaign,
                             @QueryParam("q") String q, @QueryParam("minScore") String minScore,
                             @QueryParam("maxScore") String maxScore, @QueryParam("createdFrom") String createdFrom,
                             @QueryParam("createdTo") String createdTo, @QueryParam("sort") String sort,
                             @QueryParam("page") String page, @QueryParam("size") String size) {
        LeadSort order = LeadSort.parse(sort);
        if (order == null) {
            throw new InvalidInputException("sort", "must be one of " + LeadSort.FIELDS.keySet()
                    + ", optionally prefixed with '-'");
        }
        LeadQuery query = new LeadQuery(stage(stage), blankToNull(ownerId), blankToNull(source),
                blankToNull(campaign), q, QueryParams.number("minScore", minScore),
                QueryParams.number("maxScore", maxScore), QueryParams.instant("createdFrom", createdFrom),
                QueryParams.instant("createdTo", createdTo), order, QueryParams.page(page), QueryParams.size(size));
        return leads.list(query, callers.current());
    }

    private static LifecycleStage stage(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        try {
            return LifecycleStage.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("stage", e.getMessage());
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    @POST
    @Path("/{id}/stage")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    @Operation(summary = "Move a lead to a stage by hand", description = "Backward moves need a reason.")
    public Lead moveStage(@PathParam("id") String id, @Valid @NotNull Requests.StageMove move) {
        return leads.moveStage(id, move.stage(), move.reason(), callers.current());
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    @Operation(summary = "A lead's stage history, oldest first")
    public List<StageChange> history(@PathParam("id") String id) {
        return leads.history(id, callers.current());
    }

    @PUT
    @Path("/{id}/owner")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    @Operation(summary = "Assign the lead to a sales rep", description = "Publishes LeadOwnerAssigned.")
    public Lead assignOwner(@PathParam("id") String id, @Valid @NotNull Requests.OwnerAssignment owner) {
        return leads.assignOwner(id, owner.ownerId(), callers.current());
    }

    @POST
    @Path("/{id}/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    @Operation(summary = "Merge a duplicate into this lead", description = "Publishes LeadsMerged.")
    public Lead merge(@PathParam("id") String id, @Valid @NotNull Requests.Merge merge) {
        return leads.merge(id, merge.duplicateId(), callers.current());
    }

    @POST
    @Path("/import")
    @Consumes({"text/csv", "application/csv"})
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    @Operation(summary = "Import leads from CSV (UTF-8, BOM optional, header row names the fields)",
            description = "Creates or updates by email; a bad row is skipped with its errors and never stops the good "
                    + "ones. Answers the final {created, updated, skipped, errors}; with 'Prefer: respond-async' it "
                    + "answers 202 at once with a Location to follow the progress (GET /leads/imports/{id}).")
    public Response importCsv(InputStream body, @HeaderParam("Prefer") String prefer) {
        boolean async = prefer != null && prefer.contains("respond-async");
        ImportReport report = imports.importCsv(body, async, callers.current());
        if (async) {
            return Response.accepted(report).location(URI.create("/leads/imports/" + report.id())).build();
        }
        return Response.ok(report).build();
    }

    @GET
    @Path("/imports/{importId}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    @Operation(summary = "Progress or outcome of a CSV import")
    public ImportReport importProgress(@PathParam("importId") String importId) {
        return imports.progress(importId);
    }

    @GET
    @Path("/{id}/timeline")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    @Operation(summary = "Every touch of the lead in time order",
            description = "types = comma-separated activity types; from/to ISO instants; order=desc for newest first.")
    public PageOf<TimelineEntry> timeline(@PathParam("id") String id, @QueryParam("types") String types,
                                          @QueryParam("from") String from, @QueryParam("to") String to,
                                          @QueryParam("order") String order,
                                          @QueryParam("page") String page, @QueryParam("size") String size) {
        Set<String> typeSet = new LinkedHashSet<>();
        if (types != null && !types.isBlank()) {
            Arrays.stream(types.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(typeSet::add);
        }
        if (order != null && !order.isBlank() && !order.equals("asc") && !order.equals("desc")) {
            throw new InvalidInputException("order", "must be asc or desc");
        }
        return timeline.read(id, typeSet, QueryParams.instant("from", from), QueryParams.instant("to", to),
                "desc".equals(order), QueryParams.page(page), QueryParams.size(size), callers.current());
    }
}
