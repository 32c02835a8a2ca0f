package dev.toonforge.ingest.service;

import dev.toonforge.ingest.storage.DatasetStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The image hashes of each dataset that this process knows to be in the bucket: listed once per dataset (at its first
 * upload after start), then kept up to date with this process's own writes. A hash it does not hold is a new image,
 * written without asking S3 first (no HEAD per image); a hash it holds is confirmed with S3, because someone may have
 * deleted the object since. Relies on the rule that {@link ImageClaims} already relies on: one ingest instance writes
 * a bucket's images. Memory: about 150 bytes per image of the datasets uploaded to since start.
 */
@ApplicationScoped
public class KnownImages {

    private final DatasetStore store;
    private final ConcurrentHashMap<String, Set<String>> byDataset = new ConcurrentHashMap<>();

    public KnownImages(DatasetStore store) {
        this.store = store;
    }

    /** Lists the dataset's images unless this process already has them. Call under the dataset's lock. */
    public void load(String dataset) {
        if (!byDataset.containsKey(dataset)) {
            Set<String> hashes = ConcurrentHashMap.newKeySet();
            hashes.addAll(store.imageHashes(dataset));
            byDataset.put(dataset, hashes);
        }
    }

    /** False only when the image is certainly not in the bucket; true (also for a dataset not loaded) means "ask S3". */
    public boolean mayExist(String dataset, String sha256) {
        Set<String> hashes = byDataset.get(dataset);
        return hashes == null || hashes.contains(sha256);
    }

    /** The dataset was deleted: its next upload lists the bucket again (and finds a fresh, empty dataset). */
    public void forget(String dataset) {
        byDataset.remove(dataset);
    }

    /** This process has just written the image. */
    public void stored(String dataset, String sha256) {
        Set<String> hashes = byDataset.get(dataset);
        if (hashes != null) {
            hashes.add(sha256);
        }
    }
}
