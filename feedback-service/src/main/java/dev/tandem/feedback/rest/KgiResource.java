package dev.tandem.feedback.rest;

import dev.tandem.feedback.service.InvalidInputException;
import dev.tandem.feedback.service.KgiService;
import dev.tandem.feedback.service.Period;
import dev.tandem.platform.security.Callers;
import dev.tandem.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** KGI targets ({@code /targets/{period}}, marketing and admin set them) and actuals ({@code /kgi/{period}}). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class KgiResource {

    public record Target(@NotNull @Pattern(regexp = "mqls|sqls|opportunities|deals_won|revenue",
            message = "must be one of mqls, sqls, opportunities, deals_won, revenue") String metric,
                         @Pattern(regexp = "[A-Z]{3}") String currency,
                         @NotNull @DecimalMin("0") BigDecimal value) {
    }

    public record Targets(@NotNull @Size(min = 1, max = 50) List<@Valid @NotNull Target> targets) {
    }

    public record TargetsView(String period, String teamId, List<KgiService.TargetInput> targets) {
    }

    @Inject
    KgiService kgi;

    @Inject
    TeamResourceSupport teams;

    @Inject
    Callers callers;

    @PUT
    @Path("targets/{period}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    public TargetsView setTargets(@PathParam("period") String code, @QueryParam("teamId") String teamId,
                                  @Valid @NotNull Targets request) {
        Period period = Period.parse(code);
        teams.requireTeam(teamId);
        List<KgiService.TargetInput> inputs = request.targets().stream().map(t -> {
            if ("revenue".equals(t.metric()) == (t.currency() == null)) {
                throw new InvalidInputException("targets.currency", "revenue needs a currency; counts take none");
            }
            if (!"revenue".equals(t.metric()) && t.value().stripTrailingZeros().scale() > 0) {
                throw new InvalidInputException("targets.value", "a count target must be a whole number");
            }
            if (t.currency() != null) {
                dev.tandem.feedback.service.Money.check(t.value(), t.currency(), "targets");
            }
            return new KgiService.TargetInput(t.metric(), t.currency(), t.value());
        }).toList();
        kgi.setTargets(period, teamId, inputs, callers.current().subject());
        return new TargetsView(period.code(), teamId, kgi.targets(period, teamId));
    }

    @GET
    @Path("targets/{period}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public TargetsView targets(@PathParam("period") String code, @QueryParam("teamId") String teamId) {
        Period period = Period.parse(code);
        teams.requireTeam(teamId);
        return new TargetsView(period.code(), teamId, kgi.targets(period, teamId));
    }

    @GET
    @Path("kgi/{period}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public KgiService.Kgi kgi(@PathParam("period") String code, @QueryParam("teamId") String teamId) {
        Period period = Period.parse(code);
        teams.requireTeam(teamId);
        return kgi.kgi(period, teamId, Instant.now());
    }
}
