package dev.toonforge.sampler.service;

import dev.toonforge.sampler.metrics.SamplerMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The generators being served: the newest per run, the newest per dataset, and the pinned model of each dataset that
 * has one. A dataset serves its pinned model when it has one, else its newest. Readers take a whole {@link LoadedModel}
 * from a concurrent map without locking, so a swap (a newer checkpoint, a pin, an unpin) is one reference write and no
 * request sees half a model.
 */
@ApplicationScoped
public class ModelRegistry {

    private final Map<String, LoadedModel> byRun = new ConcurrentHashMap<>();
    private final Map<String, LoadedModel> byDataset = new ConcurrentHashMap<>();
    private final Map<String, LoadedModel> pinned = new ConcurrentHashMap<>();
    /** Runs deleted on the trainer ({@code runs.deleted}): never offered again, even by a late checkpoint event. */
    private final java.util.Set<String> deletedRuns = ConcurrentHashMap.newKeySet();
    @Inject
    SamplerMetrics metrics;

    public Optional<LoadedModel> newest(String dataset) {
        return Optional.ofNullable(byDataset.get(dataset));
    }

    /** What answers requests for the dataset that name no run or epoch: the pinned model, else the newest. */
    public Optional<LoadedModel> serving(String dataset) {
        LoadedModel pin = pinned.get(dataset);
        return pin != null ? Optional.of(pin) : newest(dataset);
    }

    public Optional<LoadedModel> pinnedModel(String dataset) {
        return Optional.ofNullable(pinned.get(dataset));
    }

    /**
     * Makes {@code model} what its dataset serves, whatever newer checkpoints arrive, until {@link #unpin}. Returns false,
     * and pins nothing, when its run was deleted (a load that was under way when {@link #forgetRun} ran).
     */
    public synchronized boolean pin(LoadedModel model) {
        if (deletedRuns.contains(model.runId())) {
            return false;
        }
        LoadedModel served = serving(model.dataset()).orElse(null);
        pinned.put(model.dataset(), model);
        if (served != null && !served.checkpointId().equals(model.checkpointId())) {
            metrics.modelSwapped("pin");
        }
        return true;
    }

    /** The dataset serves its newest checkpoint again. */
    public synchronized void unpin(String dataset) {
        LoadedModel pin = pinned.remove(dataset);
        LoadedModel newest = byDataset.get(dataset);
        if (pin != null && newest != null && !pin.checkpointId().equals(newest.checkpointId())) {
            metrics.modelSwapped("unpin");
        }
    }

    public Optional<LoadedModel> ofRun(String runId) {
        return Optional.ofNullable(byRun.get(runId));
    }

    /**
     * Whether a checkpoint is worth loading: newer than what is loaded for its run, and, for a run not loaded yet, newer
     * than what serves its dataset (so replayed history is skipped without reading a single checkpoint).
     */
    public boolean wants(String runId, String dataset, int epoch, Instant publishedAt) {
        if (deletedRuns.contains(runId)) {
            return false;
        }
        LoadedModel run = byRun.get(runId);
        if (run != null) {
            return epoch > run.epoch();
        }
        LoadedModel probe = new LoadedModel(runId, dataset, null, epoch, null, publishedAt, null, null);
        return probe.isNewerThan(byDataset.get(dataset));
    }

    /**
     * Takes a freshly loaded model where it is newer; returns whether it is now its dataset's newest (which serves the
     * dataset unless the dataset is pinned).
     */
    public synchronized boolean offer(LoadedModel model) {
        if (deletedRuns.contains(model.runId())) {
            return false;
        }
        LoadedModel run = byRun.get(model.runId());
        if (run == null || model.isNewerThan(run)) {
            byRun.put(model.runId(), model);
        }
        LoadedModel previous = byDataset.get(model.dataset());
        if (model.isNewerThan(previous)) {
            byDataset.put(model.dataset(), model);
            if (previous != null && !pinned.containsKey(model.dataset())) {
                metrics.modelSwapped("newer");
            }
            return true;
        }
        return false;
    }

    /**
     * Forgets a deleted run: its models go, a pin on it goes (the dataset serves its newest remaining checkpoint), and
     * where it was its dataset's newest, the newest of the dataset's other loaded runs takes its place. Returns the
     * dataset it served, if it served one.
     */
    public synchronized Optional<String> forgetRun(String runId) {
        deletedRuns.add(runId);
        LoadedModel removed = byRun.remove(runId);
        Optional<String> dataset = Optional.empty();
        for (Map.Entry<String, LoadedModel> pin : pinned.entrySet()) {
            if (pin.getValue().runId().equals(runId)) {
                pinned.remove(pin.getKey(), pin.getValue());
                dataset = Optional.of(pin.getKey());
            }
        }
        for (Map.Entry<String, LoadedModel> newest : byDataset.entrySet()) {
            if (newest.getValue().runId().equals(runId)) {
                String name = newest.getKey();
                LoadedModel next = null;
                for (LoadedModel other : byRun.values()) {
                    if (other.dataset().equals(name) && other.isNewerThan(next)) {
                        next = other;
                    }
                }
                if (next == null) {
                    byDataset.remove(name);
                } else {
                    byDataset.put(name, next);
                }
                dataset = Optional.of(name);
            }
        }
        return dataset.or(() -> Optional.ofNullable(removed).map(LoadedModel::dataset));
    }

    /** Forgets a deleted dataset: every model of its runs, its newest and its pin. Returns the runs forgotten. */
    public synchronized List<String> forgetDataset(String dataset) {
        List<String> runs = byRun.values().stream().filter(m -> m.dataset().equals(dataset)).map(LoadedModel::runId)
                .toList();
        runs.forEach(byRun::remove);
        byDataset.remove(dataset);
        pinned.remove(dataset);
        return runs;
    }

    /** Whether {@code model}'s checkpoint is what its dataset serves (compared by checkpoint, not by instance). */
    public boolean isServing(LoadedModel model) {
        return serving(model.dataset()).map(s -> s.checkpointId().equals(model.checkpointId())).orElse(false);
    }

    /**
     * Every loaded model: the newest per run, and each pinned model that is not its run's newest; by dataset, run,
     * then epoch.
     */
    public List<LoadedModel> all() {
        Map<String, LoadedModel> byCheckpoint = new java.util.HashMap<>();
        byRun.values().forEach(m -> byCheckpoint.put(m.checkpointId(), m));
        pinned.values().forEach(m -> byCheckpoint.putIfAbsent(m.checkpointId(), m));
        return byCheckpoint.values().stream()
                .sorted(Comparator.comparing(LoadedModel::dataset).thenComparing(LoadedModel::runId)
                        .thenComparingInt(LoadedModel::epoch))
                .toList();
    }

    /** Datasets that serve a model (newest or pinned). */
    public List<String> datasets() {
        java.util.Set<String> all = new java.util.TreeSet<>(byDataset.keySet());
        all.addAll(pinned.keySet());
        return List.copyOf(all);
    }
}
