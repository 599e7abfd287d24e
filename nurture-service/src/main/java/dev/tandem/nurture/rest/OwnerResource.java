package dev.tandem.nurture.rest;

import dev.tandem.nurture.OwnerView;
import dev.tandem.nurture.service.OwnerService;
import dev.tandem.platform.security.Callers;
import dev.tandem.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The sender details templates show as {@code owner.*}: each rep their own, marketing and admin any rep's. */
@Path("/owners")
@Produces(MediaType.APPLICATION_JSON)
public class OwnerResource {

    @Inject
    OwnerService owners;

    @Inject
    Callers callers;

    @GET
    @Path("/me")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public OwnerView mine() {
        return owners.mine(callers.current());
    }

    @PUT
    @Path("/me")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING, Roles.SALES})
    public OwnerView updateMine(OwnerService.Change change) {
        var caller = callers.current();
        return owners.update(caller.subject(), change, caller);
    }

    @GET
    @Path("/{ownerId}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    public OwnerView get(@PathParam("ownerId") String ownerId) {
        return owners.get(ownerId);
    }

    @PUT
    @Path("/{ownerId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.MARKETING})
    public OwnerView update(@PathParam("ownerId") String ownerId, OwnerService.Change change) {
        return owners.update(ownerId, change, callers.current());
    }
}
