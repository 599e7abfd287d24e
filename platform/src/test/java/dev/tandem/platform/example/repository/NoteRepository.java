package dev.tandem.platform.example.repository;

import dev.tandem.platform.example.Note;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class NoteRepository implements PanacheRepositoryBase<Note, UUID> {

    public List<Note> ofLead(String leadId) {
        return list("leadId = ?1 order by createdAt", leadId);
    }
}
