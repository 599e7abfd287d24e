package dev.tandem.scoring.rest;

import dev.tandem.platform.security.Roles;
import dev.tandem.scoring.service.ScoreQueryService;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A lead's scores with the ledger that explains every point. */
@Path("/scores")
@Produces(MediaType.APPLICATION_JSON)
public class ScoreResource {

    @Inject
    ScoreQueryService scores;
    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/{leadId}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public ScoreViews.LeadScoresView get(@PathParam("leadId") String leadId) {
        boolean seesAll = identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.MARKETING);
        String salesRep = seesAll ? null : identity.getPrincipal().getName();
        return ScoreViews.of(scores.scores(leadId, salesRep));
    }
}
