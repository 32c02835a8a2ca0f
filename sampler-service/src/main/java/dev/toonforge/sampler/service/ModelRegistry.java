package dev.toonforge.sampler.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The generators being served: the newest per run and the newest per dataset. Readers take a whole {@link LoadedModel}
 * from a concurrent map without locking, so a swap is one reference write and no request sees half a model.
 */
@ApplicationScoped
public class ModelRegistry {

    private final Map<String, LoadedModel> byRun = new ConcurrentHashMap<>();
    private final Map<String, LoadedModel> byDataset = new ConcurrentHashMap<>();

    public Optional<LoadedModel> newest(String dataset) {
        return Optional.ofNullable(byDataset.get(dataset));
    }

    public Optional<LoadedModel> ofRun(String runId) {
        return Optional.ofNullable(byRun.get(runId));
    }

    /**
     * Whether a checkpoint is worth loading: newer than what is loaded for its run, and, for a run not loaded yet, newer
     * than what serves its dataset (so replayed history is skipped without reading a single checkpoint).
     */
    public boolean wants(String runId, String dataset, int epoch, Instant publishedAt) {
        LoadedModel run = byRun.get(runId);
        if (run != null) {
            return epoch > run.epoch();
        }
        LoadedModel probe = new LoadedModel(runId, dataset, null, epoch, null, publishedAt, null, null);
        return probe.isNewerThan(byDataset.get(dataset));
    }

    /** Takes a freshly loaded model where it is newer; returns whether it now serves its dataset. */
    public synchronized boolean offer(LoadedModel model) {
        LoadedModel run = byRun.get(model.runId());
        if (run == null || model.isNewerThan(run)) {
            byRun.put(model.runId(), model);
        }
        if (model.isNewerThan(byDataset.get(model.dataset()))) {
            byDataset.put(model.dataset(), model);
            return true;
        }
        return false;
    }

    public boolean isServing(LoadedModel model) {
        return byDataset.get(model.dataset()) == model;
    }

    /** Every loaded model (newest per run), by dataset then run. */
    public List<LoadedModel> all() {
        return byRun.values().stream()
                .sorted(Comparator.comparing(LoadedModel::dataset).thenComparing(LoadedModel::runId))
                .toList();
    }

    public List<String> datasets() {
        return byDataset.keySet().stream().sorted().toList();
    }
}
