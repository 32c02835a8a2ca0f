package dev.toonforge.trainer.storage;

import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.common.storage.StorageUnavailableException;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * At start, makes each dataset's index agree with {@code dataset.json}: when the counts differ (events lost, the index
 * written before a crash), the index is rebuilt from the images actually stored.
 */
@ApplicationScoped
public class DatasetIndexReconciler {

    private static final Logger LOG = Logger.getLogger(DatasetIndexReconciler.class);

    private final ObjectStore store;
    private final DatasetIndexStore indexes;

    public DatasetIndexReconciler(ObjectStore store, DatasetIndexStore indexes) {
        this.store = store;
        this.indexes = indexes;
    }

    public void reconcileAll() {
        try {
            for (String dataset : store.listChildren(ObjectKeys.DATASETS_PREFIX)) {
                if (Names.isDataset(dataset)) {
                    reconcile(dataset);
                }
            }
        } catch (StorageUnavailableException e) {
            LOG.warnf("Could not reconcile dataset indexes at start: %s", e.getMessage());
        }
    }

    void reconcile(String dataset) {
        Optional<DatasetManifest> manifest = store.getJson(ObjectKeys.datasetManifest(dataset), DatasetManifest.class);
        if (manifest.isEmpty() || manifest.get().imageCount() == indexes.size(dataset)) {
            return;
        }
        List<String> stored = store.listAll(ObjectKeys.datasetImagesPrefix(dataset)).stream()
                .map(ObjectKeys::imageHashOf).flatMap(Optional::stream).toList();
        LOG.infof("Dataset %s: index had %d images, dataset.json says %d, the store holds %d; index rebuilt", dataset,
                indexes.size(dataset), manifest.get().imageCount(), stored.size());
        indexes.replace(dataset, stored);
    }
}
