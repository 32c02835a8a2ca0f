package dev.toonforge.sampler.service;

import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.common.storage.ServingChoiceLog;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.ModelServed;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.ServingChoice;
import dev.toonforge.sampler.messaging.ServedEvents;
import dev.toonforge.sampler.storage.CheckpointReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which model each dataset serves: its newest checkpoint (the default) or a pinned run and epoch.
 *
 * <p>A change (pin, unpin, rollback) is stored first, as the next revision of the dataset's choice
 * ({@link ServingChoiceLog}), and announced on {@code models.served} after; every instance, the one that took the
 * request included, applies it from the event ({@link #apply}), and at start from the stored choice. An instance
 * applies only revisions above the one it has, so replayed events and the stored choice never undo a later change.
 * Two instances that take changes for the same dataset at the same moment race to create the same revision: the store
 * lets one win, and the other builds its change again on the winner's choice.
 */
@ApplicationScoped
public class ServingChoices {

    private static final Logger LOG = Logger.getLogger(ServingChoices.class);
    private static final Duration ANNOUNCE_TIMEOUT = Duration.ofSeconds(15);
    private static final long APPLY_WAIT_MS = 15_000;
    /** Revisions lost to other instances before a change gives up with 409. */
    private static final int CREATE_ATTEMPTS = 5;

    private final ObjectStore store;
    private final ServingChoiceLog log;
    private final CheckpointReader reader;
    private final EpochCache epochs;
    private final ModelRegistry registry;
    private final ServedEvents events;
    /** The highest revision applied per dataset (0: none, the dataset serves its newest). */
    private final Map<String, Long> applied = new ConcurrentHashMap<>();
    private final Object applyLock = new Object();
    private final Object writeLock = new Object();

    public ServingChoices(ObjectStore store, ServingChoiceLog log, CheckpointReader reader, EpochCache epochs,
                          ModelRegistry registry, ServedEvents events) {
        this.store = store;
        this.log = log;
        this.reader = reader;
        this.epochs = epochs;
        this.registry = registry;
        this.events = events;
    }

    /** The outcome of a change: the stored choice, and whether this instance has applied it yet. */
    public record Change(ServingChoice choice, boolean applied) {
    }

    /** Pins {@code runId} at {@code epoch} after checking that it is a stored checkpoint of a run of {@code dataset}. */
    public Change pin(String dataset, String runId, int epoch) {
        Names.requireDataset(dataset);
        Names.requireRunId(runId);
        LoadedModel model = pinnable(dataset, runId, epoch);
        Instant now = Instant.now();
        return change(dataset, stored -> stored.choose(ServingChoice.Choice.pinned(model.runId(), model.epoch(), now), now));
    }

    /** Back to the newest checkpoint. */
    public Change unpin(String dataset) {
        Names.requireDataset(dataset);
        Instant now = Instant.now();
        return change(dataset, stored -> stored.choose(ServingChoice.Choice.newest(now), now));
    }

    /** Back to the choice served before the current one; 409 when there is none. */
    public Change rollback(String dataset) {
        Names.requireDataset(dataset);
        return change(dataset, stored -> {
            ServingChoice back = stored.rollBack(Instant.now()).orElseThrow(() -> new ServingConflictException(
                    "Nothing to roll back to: dataset '" + dataset + "' has served only "
                            + describe(stored.current()) + " since serving choices were recorded."));
            ServingChoice.Choice target = back.current();
            if (target.isPinned()) {
                try {
                    pinnable(dataset, target.runId(), target.epoch());
                } catch (NotFoundException e) {
                    throw new ServingConflictException("Cannot roll back to " + describe(target) + ": "
                            + e.getMessage() + " Pin a stored epoch instead.");
                }
            }
            return back;
        });
    }

    /** The stored choice of a dataset (the initial one, serving the newest, when none is stored). */
    public ServingChoice stored(String dataset) {
        Names.requireDataset(dataset);
        return log.current(dataset).orElseGet(() -> ServingChoice.initial(dataset));
    }

    /**
     * Applies an announced (or, at start, stored) choice when its revision is above the applied one: loads the pinned
     * checkpoint and makes it what the dataset serves, or unpins. Returns whether it changed anything. A pin whose
     * checkpoint is gone, of another dataset or of a deleted run leaves the dataset serving what it served and is logged;
     * those revisions count as applied. Any other failure (the store away) propagates and leaves the revision unapplied,
     * so the next try (the start-up scan's retry, or a repeated request) applies it.
     */
    public boolean apply(ModelServed event, String why) {
        synchronized (applyLock) {
            long have = applied.getOrDefault(event.dataset(), 0L);
            if (event.revision() <= have) {
                LOG.debugf("Ignoring serving choice %s r%d: revision %d is applied", event.dataset(), event.revision(),
                        have);
                return false;
            }
            try {
                if (event.isPinned()) {
                    LoadedModel model = epochs.get(event.runId(), event.epoch());
                    if (!model.dataset().equals(event.dataset())) {
                        LOG.errorf("Ignoring pin of %s to %s: the run belongs to dataset %s", event.dataset(),
                                model.checkpointId(), model.dataset());
                        markApplied(event);
                        return false;
                    }
                    if (!registry.pin(model)) {
                        LOG.warnf("Ignoring pin of %s to %s: the run was deleted", event.dataset(), model.checkpointId());
                        markApplied(event);
                        return false;
                    }
                    LOG.infof("Dataset %s now serves %s (pinned, revision %d, %s)", event.dataset(),
                            model.checkpointId(), event.revision(), why);
                } else {
                    registry.unpin(event.dataset());
                    LOG.infof("Dataset %s now serves its newest checkpoint%s (revision %d, %s)", event.dataset(),
                            registry.newest(event.dataset()).map(m -> " " + m.checkpointId()).orElse(""),
                            event.revision(), why);
                }
                markApplied(event);
                return true;
            } catch (NotFoundException e) {
                LOG.errorf("Cannot serve the pin of %s (revision %d, %s): %s; it keeps serving what it served",
                        event.dataset(), event.revision(), why, e.getMessage());
                markApplied(event);
                return false;
            }
        }
    }

    /** Called holding {@code applyLock}: the revision is done with, and requests waiting for it may answer. */
    private void markApplied(ModelServed event) {
        applied.merge(event.dataset(), event.revision(), Math::max);
        applyLock.notifyAll();
    }

    /** At start: applies every dataset's stored choice; returns how many datasets are pinned by them. */
    public int applyStored() {
        int pinned = 0;
        for (String dataset : store.listChildren(ObjectKeys.MODELS_PREFIX)) {
            if (!Names.isDataset(dataset)) {
                continue;
            }
            Optional<ServingChoice> choice;
            try {
                choice = log.current(dataset);
            } catch (IllegalStateException e) {
                LOG.warnf("Skipping the serving choice of %s: %s", dataset, e.getMessage());
                continue;
            }
            if (choice.isEmpty() || choice.get().schemaVersion() != ServingChoice.SCHEMA_VERSION) {
                choice.ifPresent(c -> LOG.warnf("Skipping the serving choice of %s: schemaVersion %d is not supported "
                        + "(this build reads %d)", dataset, c.schemaVersion(), ServingChoice.SCHEMA_VERSION));
                continue;
            }
            apply(ModelServed.of(choice.get()), "start-up scan");
            if (registry.pinnedModel(dataset).isPresent()) {
                pinned++;
            }
        }
        return pinned;
    }

    /**
     * A deleted dataset (its serving choices are gone): the applied revision starts again at 0, so a dataset of the same
     * name created later applies its own choices from revision 1.
     */
    public void forgetDataset(String dataset) {
        synchronized (applyLock) {
            applied.remove(dataset);
        }
    }

    /** The revision this instance has applied for a dataset (0 when none). */
    public long appliedRevision(String dataset) {
        return applied.getOrDefault(dataset, 0L);
    }

    private Change change(String dataset, java.util.function.UnaryOperator<ServingChoice> next) {
        synchronized (writeLock) {
            for (int attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
                ServingChoice stored = stored(dataset);
                if (stored.schemaVersion() != ServingChoice.SCHEMA_VERSION) {
                    throw new ServingConflictException("The serving choice of dataset '" + dataset + "' has schemaVersion "
                            + stored.schemaVersion() + ", which this sampler does not read; upgrade it before changing "
                            + "what the dataset serves.");
                }
                ServingChoice changed = next.apply(stored);
                if (changed.current().sameModelAs(stored.current())) {
                    // Asking again for what is already chosen writes nothing (PUT and DELETE are idempotent); it
                    // announces the stored choice again when this instance has not applied it (an earlier
                    // announcement failed).
                    if (appliedRevision(dataset) < stored.revision()) {
                        announce(stored);
                    }
                    return new Change(stored, awaitApplied(dataset, stored.revision()));
                }
                if (log.create(changed)) {
                    announce(changed);
                    return new Change(changed, awaitApplied(dataset, changed.revision()));
                }
                LOG.infof("Serving choice of %s: revision %d was taken by another instance; building on it",
                        dataset, changed.revision());
            }
            throw new ServingConflictException("Other sampler instances kept changing what dataset '" + dataset
                    + "' serves while this change was being made; look at GET /api/models/" + dataset
                    + " and repeat the request if it is still wanted.");
        }
    }

    private void announce(ServingChoice choice) {
        try {
            events.announce(ModelServed.of(choice), ANNOUNCE_TIMEOUT);
        } catch (RuntimeException e) {
            throw new ServingAnnouncementException("The choice is stored (revision " + choice.revision()
                    + ") but models.served did not take the announcement (" + e.getMessage() + "); other "
                    + "instances apply it at their next start. Repeat the request to announce it again.", e);
        }
    }

    /** Waits, bounded, until this instance's consumer has applied {@code revision}; returns whether it has. */
    private boolean awaitApplied(String dataset, long revision) {
        long deadline = System.currentTimeMillis() + APPLY_WAIT_MS;
        synchronized (applyLock) {
            while (applied.getOrDefault(dataset, 0L) < revision) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                try {
                    applyLock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * The model of a pin, loaded (and cached) now: 404 for an unknown run or an epoch whose checkpoint is not stored,
     * 409 for a run of another dataset.
     */
    private LoadedModel pinnable(String dataset, String runId, int epoch) {
        if (epoch < 1) {
            throw new InvalidSampleRequestException("epoch must be 1 or more, not " + epoch + ".");
        }
        CheckpointPublished latest = reader.latest(runId).orElseThrow(() -> new NotFoundException(
                "Run '" + runId + "' is unknown: it has no published checkpoint. Runs of dataset '" + dataset
                        + "' with checkpoints: " + runsOf(dataset) + "."));
        if (!latest.dataset().equals(dataset)) {
            throw new ServingConflictException("Run '" + runId + "' belongs to dataset '" + latest.dataset()
                    + "', not '" + dataset + "'; pin it on /api/models/" + latest.dataset() + ", or pick one of "
                    + runsOf(dataset) + ".");
        }
        return epochs.get(runId, epoch);
    }

    private List<String> runsOf(String dataset) {
        return reader.latestOfAllRuns().stream().filter(l -> l.dataset().equals(dataset))
                .map(CheckpointPublished::runId).sorted().toList();
    }

    private static String describe(ServingChoice.Choice choice) {
        return choice.isPinned() ? "run '" + choice.runId() + "' epoch " + choice.epoch() : "its newest checkpoint";
    }
}
