package dev.toonforge.trainer.service;

import dev.toonforge.common.imaging.PngEncoder;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.TrainingAlarm;
import dev.toonforge.contracts.storage.EpochScore;
import dev.toonforge.contracts.storage.RunAlarm;
import dev.toonforge.contracts.storage.RunConfig;
import dev.toonforge.contracts.storage.RunProgress;
import dev.toonforge.dcgan.SampleGrid;
import dev.toonforge.trainer.config.TrainerSettings;
import dev.toonforge.trainer.messaging.TrainerEvents;
import dev.toonforge.trainer.quality.RunScores;
import dev.toonforge.trainer.storage.CheckpointStore;
import dev.toonforge.trainer.storage.RetentionPolicy;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * Stores one run's epochs on a thread of its own, in order, while training goes on: per epoch the grid (laid out
 * and PNG-encoded here), then, when the epoch has a checkpoint, the checkpoint with the metrics and scores up to it,
 * latest.json, the run's epoch in run.json, the {@code checkpoints.published} event and retention, in that order, so
 * latest.json and the event never name an object that is not stored yet. Progress is coalesced (the newest wins) and
 * kept on the run in memory, saved to run.json at most every {@code progress-save-seconds} (every save of the run
 * writes it); alarms are recorded on the run and announced on {@code training.alarms}.
 *
 * <p>Before the checkpoint and again before latest.json, the owner fence is asked whether this turn still owns the run;
 * when it does not, nothing more is stored and the failure reaches the training thread like any other.
 *
 * <p>At most {@code publishBacklogEpochs} epochs wait; then the training thread waits too (the store being away
 * pauses the run instead of filling memory). The first failure of a stored epoch is rethrown to the training thread
 * at its next call.
 */
final class EpochPublisher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EpochPublisher.class);

    private final String runId;
    private final RunConfig run;
    private final RunService runs;
    private final CheckpointStore checkpoints;
    private final TrainerEvents events;
    private final TrainerSettings settings;
    private final RunScores runScores;
    private final ExecutorService thread;
    private final Semaphore backlog;
    private final AtomicReference<UnaryOperator<RunProgress>> pendingProgress = new AtomicReference<>();
    private final List<EpochScore> scores;
    /** Throws when this turn no longer owns the run; asked before the checkpoint and before latest.json. */
    private final Runnable ownerFence;
    private final long progressSaveNanos;
    /** When progress was last saved to run.json (publisher thread only). */
    private long lastProgressSave;
    private Future<?> last;
    private volatile RuntimeException failure;

    /** @param storedScores the scores already stored, up to the checkpoint the run starts from */
    EpochPublisher(String runId, RunConfig run, RunService runs, CheckpointStore checkpoints, TrainerEvents events,
                   TrainerSettings settings, RunScores runScores, List<EpochScore> storedScores, Runnable ownerFence) {
        this.runId = runId;
        this.ownerFence = ownerFence;
        this.run = run;
        this.runs = runs;
        this.checkpoints = checkpoints;
        this.events = events;
        this.settings = settings;
        this.scores = new ArrayList<>(storedScores);
        this.runScores = runScores;
        runScores.training(runId, storedScores);
        this.progressSaveNanos = (long) (settings.progressSaveSeconds() * 1e9);
        this.lastProgressSave = System.nanoTime() - progressSaveNanos;
        this.backlog = new Semaphore(Math.max(1, settings.publishBacklogEpochs()));
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "publisher-" + runId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues an epoch's storage; waits while the backlog is full. */
    void epoch(EpochOutput output) {
        rethrow();
        backlog.acquireUninterruptibly();   // a shutdown leaves the run as it is: it resumes at the next start
        submit(() -> {
            try {
                store(output);
            } finally {
                backlog.release();
            }
        });
    }

    /** A change to the run's progress; only the newest waiting one is applied, and saved when a save is due. */
    void progress(UnaryOperator<RunProgress> change) {
        rethrow();
        if (pendingProgress.getAndSet(change) == null) {
            submit(() -> {
                UnaryOperator<RunProgress> newest = pendingProgress.getAndSet(null);
                if (newest != null) {
                    long now = System.nanoTime();
                    boolean save = now - lastProgressSave >= progressSaveNanos;
                    runs.updateIfStoreAnswers(runId, newest, save);
                    if (save) {
                        lastProgressSave = now;
                    }
                }
            });
        }
    }

    /** Records the alarm on the run and announces it, after the epochs queued before it. */
    void alarm(RunAlarm alarm) {
        rethrow();
        submit(() -> record(runs, events, runId, run.dataset(), alarm));
    }

    /** Records and announces an alarm right away, on the caller's thread. */
    static void record(RunService runs, TrainerEvents events, String runId, String dataset, RunAlarm alarm) {
        runs.update(runId, p -> p.withAlarm(alarm));
        events.alarm(TrainingAlarm.of(runId, dataset, alarm));
        LOG.warnf("Run %s alarm %s at epoch %d (step %d), %s: %s", runId, alarm.kind(), alarm.epoch(), alarm.step(),
                alarm.action(), alarm.message());
    }

    /** Waits until everything queued is stored; rethrows the first failure. */
    void drain() {
        Future<?> tail;
        synchronized (this) {
            tail = last;
        }
        boolean interrupted = false;
        while (tail != null && !tail.isDone()) {
            try {
                tail.get();
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                break;   // the failure is kept and rethrown below
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        rethrow();
    }

    /** Stops the thread; what is still queued is dropped (call {@link #drain} first to keep it). */
    @Override
    public void close() {
        thread.shutdownNow();
        runScores.left(runId);
    }

    private synchronized void submit(Runnable task) {
        last = thread.submit(() -> {
            if (failure != null) {
                return;   // after a failure nothing later is stored: latest.json stays at the last good epoch
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        });
    }

    private void rethrow() {
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    private void store(EpochOutput out) {
        long started = System.nanoTime();
        int epoch = out.epoch();
        checkpoints.writeGrid(runId, epoch, png(out));
        if (out.score() != null) {
            scores.add(out.score());
            runScores.measured(runId, out.score());
            runs.updateIfStoreAnswers(runId, p -> p.withScore(out.score()).withScoreEveryEpochs(out.scoreEvery()));
        }
        if (!out.hasCheckpoint()) {
            return;
        }
        ownerFence.run();
        checkpoints.writeCheckpoint(runId, epoch, out.checkpointZip(), out.metrics(), List.copyOf(scores));
        ownerFence.run();
        CheckpointPublished published = CheckpointPublished.of(runId, run.dataset(), run.preset(), run.imageSize(),
                epoch, run.epochs(), out.step(), Instant.now());
        checkpoints.writeLatest(published);
        runs.update(runId, p -> p.withEpoch(epoch, out.step()));
        events.publish(published);
        checkpoints.applyRetention(runId, epoch, () -> RetentionPolicy
                .forRun(run, settings.keepLastCheckpoints(), settings.keepEveryNthCheckpoint())
                .protecting(RetentionPolicy.protectedEpochs(runId, checkpoints.servingChoice(run.dataset()).orElse(null),
                        runs.list())));
        LOG.infof("Run %s checkpoint epoch %d/%d at step %d (%d KiB): D loss %.4f, G loss %.4f, stored in %d ms",
                runId, epoch, run.epochs(), out.step(), out.checkpointZip().length / 1024, out.dLoss(), out.gLoss(),
                (System.nanoTime() - started) / 1_000_000);
    }

    private static byte[] png(EpochOutput out) {
        return PngEncoder.encode(SampleGrid.render(out.gridImages(), RunTrainer.GRID_COLUMNS),
                PngEncoder.Compression.FASTEST);
    }
}
