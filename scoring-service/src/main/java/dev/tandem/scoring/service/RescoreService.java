package dev.tandem.scoring.service;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.tandem.scoring.config.ScoringConfig;
import dev.tandem.scoring.repository.LeadRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Rescoring every lead from its stored history after a publish, in the background, page by page. Progress is kept
 * in {@code tandem_scoring.rescores} (one document per model); a rescore cut short by a restart runs again.
 */
@ApplicationScoped
public class RescoreService {

    private static final Logger LOG = Logger.getLogger(RescoreService.class);

    public enum State { RUNNING, DONE, FAILED }

    public record Progress(String modelId, int version, State state, long processed, long total, Instant startedAt,
                          Instant finishedAt) {
    }

    @Inject
    LeadRepository leads;
    @Inject
    ScoringService scoring;
    @Inject
    ScoringConfig config;
    @Inject
    Clock clock;
    @Inject
    MongoClient client;
    @ConfigProperty(name = "quarkus.mongodb.database")
    String database;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "scoring-rescore"));
    private MongoCollection<Document> progress;

    private MongoCollection<Document> progress() {
        if (progress == null) {
            progress = client.getDatabase(database).getCollection("rescores");
        }
        return progress;
    }

    void onStart(@Observes StartupEvent event) {
        progress().find(Filters.eq("state", State.RUNNING.name()))
                .forEach(d -> start(d.getString("_id"), d.getInteger("version")));
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    public void start(String modelId, int version) {
        save(new Progress(modelId, version, State.RUNNING, 0, leads.countLive(), clock.instant(), null));
        worker.submit(() -> run(modelId, version));
    }

    public Optional<Progress> progress(String modelId) {
        return Optional.ofNullable(progress().find(Filters.eq("_id", modelId)).first()).map(d -> new Progress(
                d.getString("_id"), d.getInteger("version"), State.valueOf(d.getString("state")),
                ((Number) d.get("processed")).longValue(), ((Number) d.get("total")).longValue(),
                d.getDate("startedAt").toInstant(),
                d.getDate("finishedAt") == null ? null : d.getDate("finishedAt").toInstant()));
    }

    private void run(String modelId, int version) {
        Progress current = progress(modelId).orElseThrow();
        if (current.version() != version) {
            return; // a newer publish superseded this one; its own rescore covers every lead
        }
        long processed = 0;
        try {
            for (List<String> leadIds : leads.liveIdsInChunks(config.pageSize())) {
                if (Thread.currentThread().isInterrupted()) {
                    break;
                }
                scoring.reevaluate(leadIds, clock.instant(), true);
                processed += leadIds.size();
                save(new Progress(modelId, version, State.RUNNING, processed, Math.max(processed, current.total()),
                        current.startedAt(), null));
            }
            save(new Progress(modelId, version, State.DONE, processed, processed, current.startedAt(), clock.instant()));
        } catch (RuntimeException e) {
            LOG.errorf(e, "rescore of model %s v%d failed after %d leads", modelId, version, processed);
            save(new Progress(modelId, version, State.FAILED, processed, current.total(), current.startedAt(),
                    clock.instant()));
        }
    }

    private void save(Progress p) {
        progress().replaceOne(Filters.eq("_id", p.modelId()), new Document("_id", p.modelId())
                        .append("version", p.version()).append("state", p.state().name())
                        .append("processed", p.processed()).append("total", p.total())
                        .append("startedAt", Date.from(p.startedAt()))
                        .append("finishedAt", p.finishedAt() == null ? null : Date.from(p.finishedAt())),
                new ReplaceOptions().upsert(true));
    }
}
