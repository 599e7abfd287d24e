package dev.tandem.platform.example.rest;

import dev.tandem.platform.example.Note;
import dev.tandem.platform.example.repository.NoteRepository;
import dev.tandem.platform.example.service.NoteService;
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

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@Valid @NotNull NoteRequest request) {
        Note note = service.add(request.leadId(), request.body());
        return Response.created(URI.create("/notes/" + note.id())).entity(NoteView.of(note)).build();
    }

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
