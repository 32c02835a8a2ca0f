package dev.toonforge.common.storage;

import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * A dataset as ingest stores it: {@code dataset.json} for its image size and times, and the listing of its images prefix
 * for which images it holds. The listing is the one record of membership: counts are derived from it, and no service
 * keeps an index of its own (a training run lists it again when dataset.json's last upload time has moved, so images
 * uploaded meanwhile join).
 */
@ApplicationScoped
public class DatasetImages {

    private final ObjectStore store;

    public DatasetImages(ObjectStore store) {
        this.store = store;
    }

    public Optional<DatasetManifest> manifest(String dataset) {
        return store.getJson(ObjectKeys.datasetManifest(dataset), DatasetManifest.class);
    }

    /** The hashes of every image the dataset holds, in key (hash) order. */
    public List<String> hashes(String dataset) {
        return store.listAll(ObjectKeys.datasetImagesPrefix(dataset)).stream()
                .map(ObjectKeys::imageHashOf)
                .flatMap(Optional::stream)
                .toList();
    }

    /** The hashes of the first {@code limit} images in key order: a stable handful, e.g. for thumbnails. */
    public List<String> firstHashes(String dataset, int limit) {
        return store.list(ObjectKeys.datasetImagesPrefix(dataset), null, limit).stream()
                .map(ObjectKeys::imageHashOf)
                .flatMap(Optional::stream)
                .toList();
    }

    public int count(String dataset) {
        return hashes(dataset).size();
    }
}
