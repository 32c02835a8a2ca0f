package dev.toonforge.trainer.service;

import dev.toonforge.contracts.storage.RunManifest;
import dev.toonforge.contracts.storage.RunState;
import dev.toonforge.trainer.storage.LegacyObjectCleanup;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run trains at a time on this device; the others wait in order. At start, runs that were running or queued when
 * the process stopped (even by kill -9) are queued again and resume from their latest checkpoint.
 */
@ApplicationScoped
public class TrainingWorker {

    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);

    private final RunService runs;
    private final RunTrainer trainer;
    private final LegacyObjectCleanup legacyCleanup;
    private final ExecutorService device = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "training");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicBoolean> stopFlags = new ConcurrentHashMap<>();
    /** Per queued run: claimed by the training thread when it starts the run, or by {@link #stopAndAwait} first. */
    private final Map<String, Turn> turns = new ConcurrentHashMap<>();

    /** One queued run's turn on the device: who claimed it, and when the training thread has left it. */
    private static final class Turn {
        final AtomicBoolean claimed = new AtomicBoolean();
        final CompletableFuture<Void> left = new CompletableFuture<>();
    }

    public TrainingWorker(RunService runs, RunTrainer trainer, LegacyObjectCleanup legacyCleanup) {
        this.runs = runs;
        this.trainer = trainer;
        this.legacyCleanup = legacyCleanup;
    }

    void onStart(@Observes StartupEvent event) {
        legacyCleanup.run();
        try {
            runs.loadAll();
        } catch (RuntimeException e) {
            LOG.warnf("Could not load runs at start: %s", e.getMessage());
            return;
        }
        runs.list().stream()
                .filter(r -> r.state().isActive())
                .sorted(Comparator.comparing(RunManifest::createdAt))
                .forEach(r -> {
                    LOG.infof("Run %s was %s when the trainer stopped; queued to resume from epoch %d", r.runId(),
                            r.state(), r.progress().epoch());
                    runs.setState(r.runId(), RunState.queued, null);
                    enqueue(r.runId());
                });
    }

    void onStop(@Observes ShutdownEvent event) {
        stopFlags.values().forEach(flag -> flag.set(true));
        device.shutdownNow();
    }

    /** Queues a run that is in state queued. */
    public void enqueue(String runId) {
        AtomicBoolean stop = new AtomicBoolean();
        stopFlags.put(runId, stop);
        Turn turn = new Turn();
        turns.put(runId, turn);
        device.submit(() -> {
            try {
                if (turn.claimed.compareAndSet(false, true) && !stop.get()) {
                    trainer.train(runId, stop::get);
                }
            } catch (InvalidRunException e) {
                // Stopped by a user between being queued and starting: nothing was trained.
                LOG.infof("Run %s did not start: %s", runId, e.getMessage());
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "Run %s failed", runId);
                markFailed(runId, e);
            } finally {
                stopFlags.remove(runId, stop);
                turns.remove(runId, turn);
                turn.left.complete(null);
            }
        });
    }

    /**
     * Stops a queued or running run and returns once the training thread will not touch it again: a run still waiting
     * for its turn is skipped without waiting for the runs before it; a running one stops after its current step (and
     * the epoch it may be storing), and this waits for that. Returns false when it did not end within {@code timeout}.
     */
    public boolean stopAndAwait(String runId, Duration timeout) throws InterruptedException {
        requestStop(runId);
        Turn turn = turns.get(runId);
        if (turn == null || turn.claimed.compareAndSet(false, true)) {
            return true;
        }
        try {
            turn.left.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    /** Asks a queued or running run to stop; a running one stops after its current step. */
    public void requestStop(String runId) {
        AtomicBoolean flag = stopFlags.get(runId);
        if (flag != null) {
            flag.set(true);
        }
    }

    private void markFailed(String runId, Throwable cause) {
        try {
            runs.setState(runId, RunState.failed, cause.getMessage());
        } catch (InvalidRunException e) {
            LOG.warnf("Run %s failed after it had already ended: %s", runId, e.getMessage());
        }
    }
}
