package dev.toonforge.trainer.service;

import dev.toonforge.contracts.storage.RunManifest;
import dev.toonforge.contracts.storage.RunState;
import dev.toonforge.trainer.metrics.TrainingMetrics;
import dev.toonforge.trainer.storage.LegacyObjectCleanup;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
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
import java.util.concurrent.atomic.AtomicInteger;

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
    @Inject TrainingMetrics meters;
    private final ExecutorService device = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "training");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicBoolean> stopFlags = new ConcurrentHashMap<>();
    /** Per queued run: started by the training thread, or cancelled by {@link #stopAndAwait}, whichever comes first. */
    private final Map<String, Turn> turns = new ConcurrentHashMap<>();
    /** The turn the training thread is in, per run, until it has left the run (its last run.json written). */
    private final Map<String, Turn> executing = new ConcurrentHashMap<>();

    /** One queued run's turn on the device: started by the training thread or cancelled first, and when it has left. */
    private static final class Turn {
        static final int WAITING = 0;
        static final int STARTED = 1;
        static final int CANCELLED = 2;
        final AtomicInteger phase = new AtomicInteger(WAITING);
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
                if (turn.phase.compareAndSet(Turn.WAITING, Turn.STARTED) && !stop.get()) {
                    executing.put(runId, turn);
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
                executing.remove(runId, turn);
                meters.runLeftDevice(runId);
                turn.left.complete(null);
            }
        });
    }

    /**
     * Stops a queued or running run and returns once the training thread will not touch it again: a run still waiting
     * for its turn is skipped without waiting for the runs before it; a running one stops after its current step (and
     * the epoch it may be storing), and this waits until the thread has left it (a run that has just stopped or ended
     * may still be writing its run.json: this waits for that too). Returns false when that took longer than
     * {@code timeout}.
     */
    public boolean stopAndAwait(String runId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        requestStop(runId);
        Turn pending = turns.get(runId);
        if (pending != null && !pending.phase.compareAndSet(Turn.WAITING, Turn.CANCELLED)
                && pending.phase.get() == Turn.STARTED && !awaitLeft(pending, deadline)) {
            return false;
        }
        Turn current = executing.get(runId);
        return current == null || awaitLeft(current, deadline);
    }

    private static boolean awaitLeft(Turn turn, long deadline) throws InterruptedException {
        try {
            turn.left.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
