package dev.toonforge.trainer.storage;

import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.common.storage.StorageUnavailableException;
import dev.toonforge.contracts.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Removes what older trainers kept in the bucket and this one derives instead: their per-dataset image indexes under
 * {@code trainer/} (a dataset's images are the listing of its prefix). Runs at start; a store that is away only
 * postpones it to the next start.
 */
@ApplicationScoped
public class LegacyObjectCleanup {

    private static final Logger LOG = Logger.getLogger(LegacyObjectCleanup.class);

    private final ObjectStore store;

    public LegacyObjectCleanup(ObjectStore store) {
        this.store = store;
    }

    public void run() {
        try {
            List<String> legacy = store.listAll(ObjectKeys.LEGACY_TRAINER_PREFIX);
            legacy.forEach(store::delete);
            if (!legacy.isEmpty()) {
                LOG.infof("Removed %d dataset index objects of an older trainer under %s; datasets are read from their "
                        + "image listings", legacy.size(), ObjectKeys.LEGACY_TRAINER_PREFIX);
            }
        } catch (StorageUnavailableException e) {
            LOG.warnf("Could not remove an older trainer's dataset indexes at start: %s", e.getMessage());
        }
    }
}
