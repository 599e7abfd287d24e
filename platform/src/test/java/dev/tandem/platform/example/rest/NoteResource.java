package dev.tandem.platform.example.rest;

import dev.tandem.platform.example.Note;
import dev.tandem.platform.example.repository.NoteRepository;
import dev.tandem.platform.example.service.NoteService;
import dev.tandem.platform.idempotency.Idempotency;
import dev.tandem.platform.idempotency.Idempotent;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/** HTTP only: validation at the edge, the transaction in the service. */
@Path("/notes")
@Produces(MediaType.APPLICATION_JSON)
public class NoteResource {

    public record NoteRequest(@NotBlank @Size(max = 64) String leadId, @NotBlank @Size(max = 2000) String body) {
    }

    public record NoteView(UUID id, String leadId, String body, Instant createdAt) {

        static NoteView of(Note note) {
            return new NoteView(note.id(), note.leadId(), note.body(), note.createdAt());
        }
    }

    @Inject
    NoteService service;

    @Inject
    NoteRepository notes;

    @Inject
    Idempotency idempotency;

    /**
     * With an Idempotency-Key the note's and its event's ids derive from the key, and the kept answer commits in the
     * note's own transaction ({@link Idempotency#executeInTransaction}).
     */
    @POST
    @Idempotent
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@Valid @NotNull NoteRequest request) {
        return idempotency.executeInTransaction(CALLER, key -> {
            Note note = key == null ? service.add(request.leadId(), request.body())
                    : service.add(key.derive("note"), key.derive("event"), request.leadId(), request.body());
            return Response.created(URI.create("/notes/" + note.id())).entity(NoteView.of(note)).build();
        });
    }

    /** The example has no authentication: every request is the same caller. */
    static final String CALLER = "example-caller";

    @GET
    @Path("/{id}")
    public NoteView get(@PathParam("id") UUID id) {
        Note note = notes.findById(id);
        if (note == null) {
            throw new NotFoundException("no note " + id);
        }
        return NoteView.of(note);
    }
}
