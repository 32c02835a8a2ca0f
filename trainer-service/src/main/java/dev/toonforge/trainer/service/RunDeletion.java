package dev.toonforge.trainer.service;

import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.common.storage.ServingChoiceLog;
import dev.toonforge.common.rest.DeletionRefusedException;
import dev.toonforge.common.storage.StorageUnavailableException;
import dev.toonforge.contracts.events.RunDeleted;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.RunManifest;
import dev.toonforge.contracts.storage.ServingChoice;
import dev.toonforge.trainer.messaging.DeletionEvents;
import dev.toonforge.trainer.ownership.RunAssignments;
import dev.toonforge.trainer.storage.RunStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code DELETE /api/runs/{id}}: stops the run if it is queued or training and waits until the training thread has
 * left it, refuses when its dataset serves one of its checkpoints by pin (unless forced), removes every object under
 * {@code runs/{runId}/} ({@code latest.json} first, {@code run.json} last, so an interrupted delete can be repeated),
 * forgets the run, and then announces {@link RunDeleted} on {@code runs.deleted}, waiting for the broker.
 *
 * <p>A repeated delete of a run this process deleted is accepted and announces the deletion again (so a delete whose
 * announcement the broker did not confirm can always be finished); the ids are remembered in memory only.
 */
@ApplicationScoped
public class RunDeletion {

    private static final Logger LOG = Logger.getLogger(RunDeletion.class);
    static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
    static final Duration ANNOUNCE_TIMEOUT = Duration.ofSeconds(15);

    private final RunService runs;
    private final TrainingWorker worker;
    private final ObjectStore store;
    private final DeletionEvents events;
    private final RunAssignments assignments;
    private final RunStore runStore;
    /** Runs deleted by this process: run id to dataset. */
    private final Map<String, String> deleted = new ConcurrentHashMap<>();
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();

    public RunDeletion(RunService runs, TrainingWorker worker, ObjectStore store, DeletionEvents events,
                       RunAssignments assignments, RunStore runStore) {
        this.assignments = assignments;
        this.runStore = runStore;
        this.runs = runs;
        this.worker = worker;
        this.store = store;
        this.events = events;
    }

    /** What a delete did. */
    public record Outcome(String runId, String dataset, boolean stopped, int objectsRemoved, boolean alreadyGone) {
    }


    /** Empty when the run is unknown (404). */
    public Optional<Outcome> delete(String runId, boolean force) {
        Names.requireRunId(runId);
        if (!inProgress.add(runId)) {
            throw new DeletionRefusedException("Run " + runId + " is being deleted by another request; repeat shortly.", true,
                    null);
        }
        try {
            Optional<RunManifest> known = runs.findShared(runId);
            if (known.isEmpty()) {
                if (deleted.containsKey(runId)) {
                    String dataset = deleted.get(runId);
                    int removed = removeObjects(runId);
                    announce(runId, dataset.isEmpty() ? null : dataset, removed);
                    return Optional.of(new Outcome(runId, dataset.isEmpty() ? null : dataset, false, removed, true));
                }
                return Optional.empty();
            }
            RunManifest run = known.get();
            String dataset = run.config().dataset();
            refuseIfPinned(runId, dataset, force);
            boolean wasActive = run.state().isActive();
            if (wasActive && !worker.holds(runId) && !awaitStoppedByOwner(run)) {
                throw new DeletionRefusedException("Run " + runId + " trains on another trainer, which was asked to stop it"
                        + " but has not within " + STOP_TIMEOUT.toSeconds() + " s; nothing was deleted. Repeat the DELETE"
                        + " shortly.", false, null);
            }
            if (!awaitStopped(runId)) {
                throw new DeletionRefusedException("Run " + runId + " was asked to stop but is still finishing its step after "
                        + STOP_TIMEOUT.toSeconds() + " s; nothing was deleted. Repeat the DELETE shortly.", false, null);
            }
            deleted.put(runId, dataset);
            runs.forget(runId);
            // A resume that slipped in before the run was forgotten cannot save anything now (the run is unknown), but
            // its turn may have begun: wait until it has left too.
            if (!awaitStopped(runId)) {
                throw new DeletionRefusedException("Run " + runId + " is forgotten, but a resumed turn of it is still finishing "
                        + "its step; repeat the DELETE shortly to remove its objects.", false, null);
            }
            int removed = removeObjects(runId);
            assignments.ended(run);
            LOG.infof("Run %s (dataset %s) deleted%s: %d objects removed", runId, dataset,
                    wasActive ? " after stopping it" : "", removed);
            announce(runId, dataset, removed);
            return Optional.of(new Outcome(runId, dataset, wasActive, removed, false));
        } finally {
            inProgress.remove(runId);
        }
    }

    private void refuseIfPinned(String runId, String dataset, boolean force) {
        Optional<ServingChoice> served;
        try {
            served = new ServingChoiceLog(store).current(dataset);
        } catch (IllegalStateException unreadable) {
            if (!force) {
                throw new DeletionRefusedException("The serving choice of dataset '" + dataset + "' cannot be read, so whether dataset '"
                        + dataset + "' serves run " + runId + " by pin is unknown (" + unreadable.getMessage()
                        + "); delete with ?force=true to delete it anyway.", true, unreadable);
            }
            return;
        }
        if (served.isEmpty() || served.get().current() == null || !served.get().current().isPinned()
                || !runId.equals(served.get().current().runId())) {
            return;
        }
        ServingChoice.Choice pin = served.get().current();
        if (!force) {
            throw new DeletionRefusedException("Dataset '" + dataset + "' serves run " + runId + " epoch " + pin.epoch()
                    + " by pin; unpin it (DELETE /api/models/" + dataset + " on the sampler) or pin another run first, "
                    + "or delete with ?force=true (the dataset then serves its newest remaining checkpoint).", true, null);
        }
        LOG.warnf("Run %s is pinned by dataset %s (epoch %d); deleting it anyway (force)", runId, dataset, pin.epoch());
    }

    private boolean awaitStopped(String runId) {
        try {
            return worker.stopAndAwait(runId, STOP_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends the run's owner a stop and waits until run.json says the run is no longer queued or running. */
    private boolean awaitStoppedByOwner(RunManifest run) {
        assignments.requestStop(run);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RunManifest> stored = runStore.find(run.runId());
            if (stored.isEmpty() || !stored.get().state().isActive()) {
                return true;
            }
            try {
                Thread.sleep(500);   // the owner stops at its next checkpoint; run.json is polled until then
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** Removes every object under the run's prefix: latest.json first (no one loads from it), run.json last. */
    private int removeObjects(String runId) {
        try {
            return removeEach(runId);
        } catch (StorageUnavailableException e) {
            LOG.warnf("Run %s: objects not all removed: %s", runId, e.getMessage());
            throw new DeletionRefusedException("Run " + runId + " is forgotten, but the object store failed while its objects "
                    + "were removed (" + e.getMessage() + "); repeat the DELETE to remove the rest.", false, e);
        }
    }

    private int removeEach(String runId) {
        List<String> keys = new ArrayList<>(store.listAll(ObjectKeys.runPrefix(runId)));
        String latest = ObjectKeys.runLatest(runId);
        String manifest = ObjectKeys.runManifest(runId);
        keys.sort(Comparator.comparingInt((String k) -> k.equals(latest) ? 0 : k.equals(manifest) ? 2 : 1));
        for (String key : keys) {
            store.delete(key);
        }
        return keys.size();
    }

    private void announce(String runId, String dataset, int removed) {
        try {
            events.announce(RunDeleted.of(runId, dataset, Instant.now()), ANNOUNCE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warnf("Run %s deleted but runs.deleted did not take the announcement: %s", runId, e.getMessage());
            throw new DeletionRefusedException("Run " + runId + " is deleted (its " + removed + " objects are gone), but Kafka did"
                    + " not confirm the runs.deleted announcement (" + e.getMessage() + "); other services may still "
                    + "serve it. Repeat the DELETE to announce it again.", false, e);
        }
    }
}
