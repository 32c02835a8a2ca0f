package dev.toonforge.trainer.service;

import dev.toonforge.contracts.storage.RunState;
import dev.toonforge.trainer.metrics.TrainingMetrics;
import dev.toonforge.trainer.ownership.RunAssignments;
import dev.toonforge.trainer.ownership.StaleOwnerException;
import dev.toonforge.trainer.storage.LegacyObjectCleanup;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
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
 * One run trains at a time on this device; the others wait in order. Which runs come here is decided by
 * {@link dev.toonforge.trainer.ownership.RunOwnership}: the runs on the {@code training.runs} partitions this trainer
 * owns. A run handed over (its partition went to another trainer, or this one shuts down) stops at a checkpoint and
 * stays queued or running in run.json, for its next owner; a run that ended gets its tombstone on the topic.
 */
@ApplicationScoped
public class TrainingWorker {

    private static final Logger LOG = Logger.getLogger(TrainingWorker.class);

    private final RunService runs;
    private final RunTrainer trainer;
    private final LegacyObjectCleanup legacyCleanup;
    @Inject TrainingMetrics meters;
    @Inject RunAssignments assignments;
    private final ExecutorService device = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "training");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, AtomicBoolean> stopFlags = new ConcurrentHashMap<>();
    /** Runs asked to stop because they go to another owner: they stay active in run.json. */
    private final Map<String, AtomicBoolean> handOverFlags = new ConcurrentHashMap<>();
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

    void onStart(@Observes @jakarta.annotation.Priority(10) StartupEvent event) {
        legacyCleanup.run();
        try {
            runs.loadAll();
        } catch (RuntimeException e) {
            LOG.warnf("Could not load runs at start: %s", e.getMessage());
        }
    }

    /** At shutdown every run here is handed over: it stays active in run.json and its next owner resumes it. */
    void onStop(@Observes ShutdownEvent event) {
        handOverFlags.values().forEach(flag -> flag.set(true));
        stopFlags.values().forEach(flag -> flag.set(true));
        device.shutdownNow();
    }

    /** Whether the run is queued or training here. */
    public boolean holds(String runId) {
        return turns.containsKey(runId) || executing.containsKey(runId);
    }

    /**
     * Stops a run because another trainer owns it now, and waits (up to {@code timeout}) until the training thread has
     * left it; run.json keeps it queued or running, so its next owner resumes it from its latest checkpoint.
     */
    public boolean handOver(String runId, Duration timeout) throws InterruptedException {
        AtomicBoolean handOver = handOverFlags.get(runId);
        if (handOver != null) {
            handOver.set(true);
        }
        return stopAndAwait(runId, timeout);
    }

    /** Queues a run that is in state queued. */
    public void enqueue(String runId) {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean handOver = new AtomicBoolean();
        stopFlags.put(runId, stop);
        handOverFlags.put(runId, handOver);
        Turn turn = new Turn();
        turns.put(runId, turn);
        runs.trainingHere(runId, true);
        device.submit(() -> {
            try {
                if (turn.phase.compareAndSet(Turn.WAITING, Turn.STARTED) && !stop.get()) {
                    executing.put(runId, turn);
                    trainer.train(runId, stop::get, handOver::get);
                    announceIfEnded(runId);
                }
            } catch (InvalidRunException e) {
                // Stopped by a user between being queued and starting: nothing was trained.
                LOG.infof("Run %s did not start: %s", runId, e.getMessage());
            } catch (StaleOwnerException e) {
                LOG.warnf("Run %s left without storing more: %s", runId, e.getMessage());
            } catch (RuntimeException | Error e) {
                if (handOver.get()) {
                    LOG.warnf("Run %s failed while it was handed over (%s); its next owner resumes it", runId, e);
                } else {
                    LOG.errorf(e, "Run %s failed", runId);
                    markFailed(runId, e);
                    announceIfEnded(runId);
                }
            } finally {
                stopFlags.remove(runId, stop);
                handOverFlags.remove(runId, handOver);
                turns.remove(runId, turn);
                executing.remove(runId, turn);
                if (!turns.containsKey(runId)) {
                    runs.trainingHere(runId, false);
                }
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

    /** A run that completed, failed or stopped gets its tombstone on {@code training.runs}. */
    private void announceIfEnded(String runId) {
        runs.find(runId).filter(run -> !run.state().isActive()).ifPresent(assignments::ended);
    }

    private void markFailed(String runId, Throwable cause) {
        try {
            runs.setState(runId, RunState.failed, cause.getMessage());
        } catch (InvalidRunException e) {
            LOG.warnf("Run %s failed after it had already ended: %s", runId, e.getMessage());
        }
    }
}
