package dev.toonforge.sampler.service;

import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.sampler.config.SamplerSettings;
import dev.toonforge.sampler.storage.CheckpointReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Generators of explicitly requested epochs ({@code epoch=N}), loaded on demand and kept in a bounded LRU cache.
 * Concurrent requests for the same epoch share one load.
 */
@ApplicationScoped
public class EpochCache {

    private final CheckpointReader reader;
    private final ModelLoader loader;
    private final int capacity;
    private final Map<String, CompletableFuture<LoadedModel>> entries;

    public EpochCache(CheckpointReader reader, ModelLoader loader, SamplerSettings settings) {
        this.reader = reader;
        this.loader = loader;
        this.capacity = Math.max(1, settings.epochCacheSize());
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<LoadedModel>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The generator of {@code runId} at {@code epoch}; 404 when the run or that epoch's checkpoint is not stored. */
    public LoadedModel get(String runId, int epoch) {
        String key = runId + "@" + epoch;
        CompletableFuture<LoadedModel> future;
        boolean mine = false;
        synchronized (entries) {
            future = entries.get(key);
            if (future == null) {
                future = new CompletableFuture<>();
                entries.put(key, future);
                mine = true;
            }
        }
        if (mine) {
            try {
                future.complete(load(runId, epoch));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
                synchronized (entries) {
                    entries.remove(key, future);
                }
            }
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The newest published epoch of a run (from its latest.json); 404 when it has none. */
    public int latestEpoch(String runId) {
        return reader.latest(runId).orElseThrow(() -> new NotFoundException(
                "Run '" + runId + "' has no published checkpoint.")).epoch();
    }

    /** Drops the cached epochs of a deleted run. */
    public void forgetRun(String runId) {
        synchronized (entries) {
            entries.keySet().removeIf(key -> key.startsWith(runId + "@"));
        }
    }

    /** Drops the cached epochs of a deleted dataset's runs (those loaded; a load in progress finishes and is dropped later). */
    public void forgetDataset(String dataset) {
        synchronized (entries) {
            entries.values().removeIf(f -> f.isDone() && !f.isCompletedExceptionally()
                    && f.join().dataset().equals(dataset));
        }
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private LoadedModel load(String runId, int epoch) {
        CheckpointPublished latest = reader.latest(runId).orElseThrow(() -> new NotFoundException(
                "Run '" + runId + "' has no published checkpoint."));
        if (epoch > latest.epoch()) {
            throw new NotFoundException("Run '" + runId + "' has no epoch " + epoch + " yet; its newest is epoch "
                    + latest.epoch() + ".");
        }
        return loader.load(runId, latest.dataset(), latest.preset(), epoch, ObjectKeys.runCheckpoint(runId, epoch),
                        epoch == latest.epoch() ? latest.publishedAt() : null, "epoch " + epoch + " on demand")
                .orElseThrow(() -> {
                    List<Integer> stored = reader.storedEpochs(runId);
                    return new NotFoundException("The checkpoint of epoch " + epoch + " of run '" + runId
                            + "' is not stored (the trainer keeps only some); stored epochs: " + stored + ".");
                });
    }
}
