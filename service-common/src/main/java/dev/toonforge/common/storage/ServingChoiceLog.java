package dev.toonforge.common.storage;

import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.ServingChoice;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * The serving choices of each dataset as the bucket keeps them: one object per revision, created atomically, the
 * highest in force. Two sampler instances that change a dataset's choice at the same moment cannot both write the same
 * revision: one create wins, the other sees {@code false} and builds its change on the winner's. Readers (the sampler,
 * the trainer's retention and deletion checks) all ask {@link #current}.
 */
@ApplicationScoped
public class ServingChoiceLog {

    private static final Logger LOG = Logger.getLogger(ServingChoiceLog.class);
    /** Revisions kept in the bucket besides the one in force; each choice carries its own rollback history. */
    static final int KEEP_OLDER = 10;

    private final ObjectStore store;

    public ServingChoiceLog(ObjectStore store) {
        this.store = store;
    }

    /**
     * The choice in force: the highest stored revision; for a bucket written before revisions were objects, the old
     * single {@code served.json}. Empty when the dataset never had a choice (it serves its newest checkpoint).
     * Throws {@link IllegalStateException} when the object is not a readable choice.
     */
    public Optional<ServingChoice> current(String dataset) {
        List<String> revisions = store.listAll(ObjectKeys.modelServedRevisionsPrefix(dataset));
        if (revisions.isEmpty()) {
            return store.getJson(ObjectKeys.modelServed(dataset), ServingChoice.class);
        }
        return store.getJson(revisions.get(revisions.size() - 1), ServingChoice.class);
    }

    /**
     * Stores {@code choice} as its revision if no choice of that revision exists yet; false when another writer made
     * that revision first (read {@link #current} again and build on it). Older revisions beyond the kept ones are
     * removed afterwards.
     */
    public boolean create(ServingChoice choice) {
        if (!store.createJsonIfAbsent(ObjectKeys.modelServedRevision(choice.dataset(), choice.revision()), choice)) {
            return false;
        }
        prune(choice.dataset(), choice.revision());
        return true;
    }

    /** Every object that holds a choice of the dataset, for its deletion. */
    public List<String> keys(String dataset) {
        List<String> keys = new java.util.ArrayList<>(store.listAll(ObjectKeys.modelServedRevisionsPrefix(dataset)));
        if (store.exists(ObjectKeys.modelServed(dataset))) {
            keys.add(ObjectKeys.modelServed(dataset));
        }
        return keys;
    }

    private void prune(String dataset, long newest) {
        try {
            for (String key : store.listAll(ObjectKeys.modelServedRevisionsPrefix(dataset))) {
                if (key.compareTo(ObjectKeys.modelServedRevision(dataset, Math.max(1, newest - KEEP_OLDER))) < 0) {
                    store.delete(key);
                }
            }
        } catch (StorageUnavailableException e) {
            LOG.debugf("Older serving choices of %s stay for now: %s", dataset, e.getMessage());
        }
    }
}
