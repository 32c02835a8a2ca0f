package dev.toonforge.gallery.storage;

import dev.toonforge.common.storage.DatasetImages;
import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The datasets ingest keeps in the bucket: dataset.json and the normalized images, whose listing is the dataset. */
@ApplicationScoped
public class DatasetReader {

    private static final Logger LOG = Logger.getLogger(DatasetReader.class);

    private final ObjectStore store;
    private final DatasetImages images;

    public DatasetReader(ObjectStore store, DatasetImages images) {
        this.store = store;
        this.images = images;
    }

    /** Every dataset with a readable dataset.json, by name. */
    public List<DatasetManifest> datasets() {
        List<DatasetManifest> datasets = new ArrayList<>();
        for (String name : store.listChildren(ObjectKeys.DATASETS_PREFIX)) {
            if (Names.isDataset(name)) {
                try {
                    images.manifest(name).ifPresent(datasets::add);
                } catch (IllegalStateException e) {
                    LOG.warnf("Skipping dataset %s: %s", name, e.getMessage());
                }
            }
        }
        datasets.sort(Comparator.comparing(DatasetManifest::dataset));
        return datasets;
    }

    public int imageCount(String dataset) {
        return images.count(dataset);
    }

    /** The hashes of the first {@code limit} images in key order: a stable handful of thumbnails. */
    public List<String> firstImages(String dataset, int limit) {
        return images.firstHashes(dataset, limit);
    }

    public Optional<byte[]> image(String dataset, String sha256) {
        return store.get(ObjectKeys.datasetImage(dataset, sha256));
    }
}
