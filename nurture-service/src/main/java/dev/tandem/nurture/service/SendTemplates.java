package dev.tandem.nurture.service;

import dev.tandem.nurture.Template;
import dev.tandem.nurture.repository.TemplateRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The templates senders render, read from the database at most every {@link #MAX_AGE} per template and replica
 * instead of once per send: an edit or a deletion reaches sends within that time. Only the sender uses this;
 * previews, test sends and the API read the table.
 */
@ApplicationScoped
public class SendTemplates {

    static final Duration MAX_AGE = Duration.ofSeconds(5);

    @Inject
    TemplateRepository templates;

    private record Entry(Template template, long readAtNanos) {
    }

    private final Map<UUID, Entry> cache = new ConcurrentHashMap<>();

    /** The template (a detached copy, read only), or null when there is none. Inside the sender's transaction. */
    public Template get(UUID id) {
        Entry entry = cache.get(id);
        long now = System.nanoTime();
        if (entry != null && now - entry.readAtNanos() < MAX_AGE.toNanos()) {
            return entry.template();
        }
        Template template = templates.findById(id);
        if (template == null) {
            cache.remove(id);
            return null;
        }
        templates.getEntityManager().detach(template);
        cache.put(id, new Entry(template, now));
        return template;
    }
}
