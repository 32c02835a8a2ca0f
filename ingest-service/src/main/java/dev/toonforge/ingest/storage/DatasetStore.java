package dev.toonforge.ingest.storage;

import dev.toonforge.common.storage.DatasetImages;
import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Datasets in the bucket: {@code dataset.json} manifests, content-addressed PNGs and their announcement records, keyed
 * by {@link ObjectKeys}. Manifests and images are created with the store's atomic create, so "who created it" is decided
 * by the store for every ingest instance at once.
 */
@ApplicationScoped
public class DatasetStore {

    private final ObjectStore store;
    private final DatasetImages images;

    public DatasetStore(ObjectStore store, DatasetImages images) {
        this.store = store;
        this.images = images;
    }

    public Optional<DatasetManifest> manifest(String dataset) {
        return images.manifest(dataset);
    }

    /** Writes {@code dataset.json} unless it exists (decided by the store): true only for the one caller that created it. */
    public boolean createManifest(DatasetManifest manifest) {
        return store.createJsonIfAbsent(ObjectKeys.datasetManifest(manifest.dataset()), manifest);
    }

    public void saveManifest(DatasetManifest manifest) {
        store.putJson(ObjectKeys.datasetManifest(manifest.dataset()), manifest);
    }

    public void deleteManifest(String dataset) {
        store.delete(ObjectKeys.datasetManifest(dataset));
    }

    public boolean imageExists(String dataset, String sha256) {
        return store.exists(ObjectKeys.datasetImage(dataset, sha256));
    }

    /** The hashes of every image object of the dataset (listed page by page). */
    public List<String> imageHashes(String dataset) {
        return images.hashes(dataset);
    }

    /** How many images the dataset holds: the length of its listing. */
    public int imageCount(String dataset) {
        return images.count(dataset);
    }

    /** Writes the image unless it exists (decided by the store): true only for the one caller, of any process, that created it. */
    public boolean createImage(String dataset, String sha256, byte[] png) {
        return store.createIfAbsent(ObjectKeys.datasetImage(dataset, sha256), png, "image/png");
    }

    /** How long ago the image object was written (the store's clock); empty when it does not exist. */
    public Optional<Duration> imageAge(String dataset, String sha256) {
        return store.age(ObjectKeys.datasetImage(dataset, sha256));
    }

    public boolean isAnnounced(String dataset, String sha256) {
        return store.exists(ObjectKeys.datasetImageAnnounced(dataset, sha256));
    }

    /** Records that Kafka acknowledged the image's event. */
    public void markAnnounced(String dataset, String sha256) {
        store.put(ObjectKeys.datasetImageAnnounced(dataset, sha256), new byte[0], "application/octet-stream");
    }

    public Optional<InputStream> openImage(String dataset, String sha256) {
        return store.open(ObjectKeys.datasetImage(dataset, sha256));
    }

    /** Image keys in hash order, after the image with hash {@code afterSha256} (null: from the first). */
    public List<String> imageKeys(String dataset, String afterSha256, int limit) {
        String startAfter = afterSha256 == null ? null : ObjectKeys.datasetImage(dataset, afterSha256);
        return store.list(ObjectKeys.datasetImagesPrefix(dataset), startAfter, limit);
    }

    /** Names of every folder under {@code datasets/}, whether or not it has a manifest. */
    public List<String> datasetNames() {
        return store.listChildren(ObjectKeys.DATASETS_PREFIX);
    }
}
