package dev.toonforge.trainer.storage;

import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.contracts.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trainer's index of each dataset's images (hashes), persisted at {@code trainer/datasets/{dataset}/index.json}.
 * Fed by {@code images.ingested}; adding a hash twice is harmless, so redelivered events change nothing.
 */
@ApplicationScoped
public class DatasetIndexStore {

    /** The persisted form. */
    public record DatasetIndex(String dataset, List<String> images) {
    }

    private final ObjectStore store;
    private final Map<String, Set<String>> indexes = new ConcurrentHashMap<>();

    public DatasetIndexStore(ObjectStore store) {
        this.store = store;
    }

    /** Adds hashes and saves the index before returning; returns how many were new. */
    public synchronized int addAll(String dataset, Collection<String> hashes) {
        Set<String> index = load(dataset);
        int before = index.size();
        index.addAll(hashes);
        int added = index.size() - before;
        if (added > 0) {
            save(dataset, index);
        }
        return added;
    }

    /** Replaces the index with what the store really holds (used to reconcile at start). */
    public synchronized void replace(String dataset, Collection<String> hashes) {
        Set<String> index = new TreeSet<>(hashes);
        indexes.put(dataset, index);
        save(dataset, index);
    }

    /** A snapshot of the dataset's hashes, in a stable (sorted) order. */
    public synchronized List<String> images(String dataset) {
        return List.copyOf(load(dataset));
    }

    public synchronized int size(String dataset) {
        return load(dataset).size();
    }

    private Set<String> load(String dataset) {
        return indexes.computeIfAbsent(dataset, d -> store.getJson(ObjectKeys.trainerDatasetIndex(d), DatasetIndex.class)
                .<Set<String>>map(i -> new TreeSet<>(i.images()))
                .orElseGet(TreeSet::new));
    }

    private void save(String dataset, Set<String> index) {
        store.putJson(ObjectKeys.trainerDatasetIndex(dataset), new DatasetIndex(dataset, List.copyOf(index)));
    }
}
