package dev.toonforge.ingest.service;

import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.common.storage.ServingChoiceLog;
import dev.toonforge.common.rest.DeletionRefusedException;
import dev.toonforge.common.storage.StorageUnavailableException;
import dev.toonforge.contracts.events.DatasetDeleted;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.RunManifest;
import dev.toonforge.ingest.messaging.DeletionEvents;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code DELETE /api/datasets/{name}}: refused while a run trains on the dataset (a {@code runs/*}/run.json of the
 * dataset in state queued or running); otherwise removes every object under {@code datasets/{name}/} (images first,
 * {@code dataset.json} last, so an interrupted delete still finds the dataset and can be repeated) and
 * its serving choices under {@code models/{name}/}, and then announces {@link DatasetDeleted} on
 * {@code datasets.deleted}, waiting for the broker. All of it under the
 * dataset's lock, so an upload's manifest work waits for it and a later upload starts a fresh dataset.
 *
 * <p>A repeated delete of a dataset this process deleted is accepted and announces the deletion again (so a delete whose
 * announcement the broker did not confirm can always be finished); those names are remembered in memory only.
 */
@ApplicationScoped
public class DatasetDeletion {

    private static final Logger LOG = Logger.getLogger(DatasetDeletion.class);
    static final Duration ANNOUNCE_TIMEOUT = Duration.ofSeconds(15);

    private final ObjectStore store;
    private final DatasetLocks locks;
    private final DeletionEvents events;
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    public DatasetDeletion(ObjectStore store, DatasetLocks locks, DeletionEvents events) {
        this.store = store;
        this.locks = locks;
        this.events = events;
    }

    /** What a delete did. */
    public record Outcome(String dataset, int objectsRemoved, boolean alreadyGone) {
    }


    /** Empty when the dataset is unknown (404). */
    public Optional<Outcome> delete(String dataset) {
        Names.requireDataset(dataset);
        Outcome outcome = locks.withLock(dataset, () -> {
            List<String> keys = store.listAll(ObjectKeys.datasetPrefix(dataset));
            if (keys.isEmpty() && !deleted.contains(dataset)) {
                return null;
            }
            if (!keys.isEmpty()) {
                refuseWhileTraining(dataset);
            }
            deleted.add(dataset);
            int removed = remove(dataset, keys);
            return new Outcome(dataset, removed, keys.isEmpty());
        });
        if (outcome == null) {
            return Optional.empty();
        }
        LOG.infof("Dataset '%s' deleted: %d objects removed%s", dataset, outcome.objectsRemoved(),
                outcome.alreadyGone() ? " (it was gone already; announced again)" : "");
        try {
            events.announce(DatasetDeleted.of(dataset, Instant.now()), ANNOUNCE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("Dataset '%s' deleted but datasets.deleted did not take the announcement: %s", dataset, e.getMessage());
            throw new DeletionRefusedException("Dataset '" + dataset + "' is deleted (its objects are gone), but Kafka did not "
                    + "confirm the datasets.deleted announcement (" + e.getMessage() + "); other services may still "
                    + "serve its models. Repeat the DELETE to announce it again.", false, e);
        }
        return Optional.of(outcome);
    }

    private void refuseWhileTraining(String dataset) {
        List<String> active = new ArrayList<>();
        for (String runId : store.listChildren(ObjectKeys.RUNS_PREFIX)) {
            if (!Names.isRunId(runId)) {
                continue;
            }
            Optional<RunManifest> run;
            try {
                run = store.getJson(ObjectKeys.runManifest(runId), RunManifest.class);
            } catch (IllegalStateException unreadable) {
                LOG.warnf("Skipping %s: %s", ObjectKeys.runManifest(runId), unreadable.getMessage());
                continue;
            }
            run.filter(r -> r.config() != null && dataset.equals(r.config().dataset()) && r.progress() != null
                            && r.state() != null && r.state().isActive())
                    .ifPresent(r -> active.add(r.runId() + " (" + r.state() + ")"));
        }
        if (!active.isEmpty()) {
            throw new DeletionRefusedException("Dataset '" + dataset + "' is being trained on by run" + (active.size() > 1 ? "s " : " ")
                    + String.join(", ", active) + "; stop or delete " + (active.size() > 1 ? "them" : "it")
                    + " on the trainer first (POST /api/runs/{id}/stop). Nothing was deleted.", true, null);
        }
    }

    private int remove(String dataset, List<String> keys) {
        String manifest = ObjectKeys.datasetManifest(dataset);
        int removed = 0;
        try {
            for (String key : keys) {
                if (!key.equals(manifest)) {
                    store.delete(key);
                    removed++;
                }
            }
            if (keys.contains(manifest)) {
                store.delete(manifest);
                removed++;
            }
            for (String served : new ServingChoiceLog(store).keys(dataset)) {
                store.delete(served);
                removed++;
            }
            return removed;
        } catch (StorageUnavailableException e) {
            LOG.warnf("Dataset '%s': objects not all removed: %s", dataset, e.getMessage());
            throw new DeletionRefusedException("The object store failed while dataset '" + dataset + "' was being removed ("
                    + removed + " objects removed: " + e.getMessage() + "); repeat the DELETE to remove the rest.",
                    false, e);
        }
    }
}
