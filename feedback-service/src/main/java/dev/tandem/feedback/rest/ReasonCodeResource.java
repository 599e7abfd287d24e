package dev.tandem.feedback.rest;

import dev.tandem.events.LifecycleStage;
import dev.tandem.events.RejectReason;
import dev.tandem.feedback.ReasonCode;
import dev.tandem.feedback.repository.ReasonCodeRepository;
import dev.tandem.feedback.service.ConflictException;
import dev.tandem.feedback.service.InvalidInputException;
import dev.tandem.feedback.service.NotFoundException;
import dev.tandem.platform.security.Roles;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/** Rejection reason codes as data: everyone but trackers reads them, admin and marketing change them. */
@Path("/reason-codes")
@Produces(MediaType.APPLICATION_JSON)
public class ReasonCodeResource {

    public record ReasonRequest(@NotBlank @Pattern(regexp = "[a-z0-9_]{1,64}") String code,
                                @NotBlank @Size(max = 100) String labelJa, @NotBlank @Size(max = 100) String labelEn,
                                @NotNull @Pattern(regexp = "recycle|disqualify", message = "must be recycle or disqualify")
                                String outcome,
                                @Pattern(regexp = "[a-z_]{1,64}") String eventReason, Boolean active) {
    }

    public record ReasonUpdate(@NotBlank @Size(max = 100) String labelJa, @NotBlank @Size(max = 100) String labelEn,
                               @NotNull @Pattern(regexp = "recycle|disqualify", message = "must be recycle or disqualify")
                               String outcome,
                               @Pattern(regexp = "[a-z_]{1,64}") String eventReason, Boolean active) {
    }

    public record ReasonView(String code, String labelJa, String labelEn, String outcome, String eventReason,
                             boolean active) {
        static ReasonView of(ReasonCode r) {
            return new ReasonView(r.code, r.labelJa, r.labelEn, r.outcome, r.eventReason, r.active);
        }
    }

    @Inject
    ReasonCodeRepository reasons;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public List<ReasonView> list() {
        return reasons.listAll(Sort.by("code")).stream().map(ReasonView::of).toList();
    }

    @GET
    @Path("{code}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public ReasonView get(@PathParam("code") String code) {
        return ReasonView.of(find(code));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    @Transactional
    public Response create(@Valid @NotNull ReasonRequest request) {
        if (reasons.findById(request.code()) != null) {
            throw new ConflictException("reason code '" + request.code() + "' exists");
        }
        ReasonCode reason = new ReasonCode();
        reason.code = request.code();
        reason.createdAt = Instant.now();
        fill(reason, request.labelJa(), request.labelEn(), request.outcome(), request.eventReason(), request.active());
        reasons.persist(reason);
        return Response.created(URI.create("/reason-codes/" + reason.code)).entity(ReasonView.of(reason)).build();
    }

    @PUT
    @Path("{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    @Transactional
    public ReasonView update(@PathParam("code") String code, @Valid @NotNull ReasonUpdate request) {
        ReasonCode reason = find(code);
        fill(reason, request.labelJa(), request.labelEn(), request.outcome(), request.eventReason(), request.active());
        return ReasonView.of(reason);
    }

    private ReasonCode find(String code) {
        ReasonCode reason = reasons.findById(code);
        if (reason == null) {
            throw new NotFoundException("no reason code '" + code + "'");
        }
        return reason;
    }

    /** The event's coarse reason must send the lead where the outcome says (lead-service's stage machine). */
    private static void fill(ReasonCode reason, String ja, String en, String outcome, String eventReason, Boolean active) {
        String code = eventReason != null ? eventReason
                : ReasonCode.RECYCLE.equals(outcome) ? RejectReason.NEEDS_NURTURE.code() : RejectReason.NOT_A_FIT.code();
        RejectReason coarse;
        try {
            coarse = RejectReason.fromCode(code);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("eventReason", "'" + code + "' is not a reject reason of the events");
        }
        LifecycleStage expected = ReasonCode.RECYCLE.equals(outcome) ? LifecycleStage.RECYCLED : LifecycleStage.DISQUALIFIED;
        if (coarse.nextStage() != expected) {
            throw new InvalidInputException("eventReason", "'" + code + "' moves a lead to " + coarse.nextStage().code()
                    + ", not what outcome '" + outcome + "' says");
        }
        reason.labelJa = ja;
        reason.labelEn = en;
        reason.outcome = outcome;
        reason.eventReason = code;
        reason.active = active == null || active;
    }
}
