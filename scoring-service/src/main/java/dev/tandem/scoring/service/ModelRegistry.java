package dev.tandem.scoring.service;

import dev.tandem.scoring.ActiveModels;
import dev.tandem.scoring.StoredModel;
import dev.tandem.scoring.repository.ModelRepository;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The active models, held in memory so scoring an activity never reads the models collection. */
@ApplicationScoped
public class ModelRegistry {

    @Inject
    ModelRepository repository;

    private volatile ActiveModels active = ActiveModels.NONE;

    void onStart(@Observes StartupEvent event) {
        refresh();
    }

    public ActiveModels active() {
        return active;
    }

    /** Re-reads the models; also scheduled, so another instance's publish is picked up. */
    @Scheduled(every = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void refresh() {
        List<ActiveModels.ActiveModel> models = new ArrayList<>();
        for (StoredModel model : repository.all()) {
            model.active().ifPresent(v -> models.add(new ActiveModels.ActiveModel(model.id(), v.version(),
                    v.definition())));
        }
        models.sort(Comparator.comparing(ActiveModels.ActiveModel::modelId));
        active = new ActiveModels(models, repository.primaryModelId().orElse(null));
    }
}
