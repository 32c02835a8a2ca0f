package dev.toonforge.ingest.storage;

import dev.toonforge.common.storage.DatasetImages;
import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** Datasets in the bucket: {@code dataset.json} manifests and content-addressed PNGs, keyed by {@link ObjectKeys}. */
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

    public void putImage(String dataset, String sha256, byte[] png) {
        store.put(ObjectKeys.datasetImage(dataset, sha256), png, "image/png");
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
