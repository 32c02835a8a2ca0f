package dev.toonforge.trainer.service;

import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.TrainingProgress;
import dev.toonforge.contracts.storage.EpochScore;
import dev.toonforge.contracts.storage.InitFrom;
import dev.toonforge.contracts.storage.MetricPoint;
import dev.toonforge.contracts.storage.RunAlarm;
import dev.toonforge.contracts.storage.RunConfig;
import dev.toonforge.contracts.storage.RunManifest;
import dev.toonforge.contracts.storage.RunState;
import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.dcgan.ImageTensors;
import dev.toonforge.dcgan.StepResult;
import dev.toonforge.dcgan.TrainingDivergedException;
import dev.toonforge.trainer.alarms.AlarmThresholds;
import dev.toonforge.trainer.alarms.AlarmWatch;
import dev.toonforge.trainer.config.TrainerSettings;
import dev.toonforge.trainer.messaging.ProgressPacing;
import dev.toonforge.trainer.messaging.TrainerEvents;
import dev.toonforge.trainer.metrics.EpochPhase;
import dev.toonforge.trainer.metrics.TrainingMetrics;
import dev.toonforge.trainer.ownership.OwnerGenerations;
import dev.toonforge.trainer.ownership.TrainerInstance;
import dev.toonforge.trainer.storage.CheckpointStore;
import dev.toonforge.trainer.quality.EpochScoring;
import dev.toonforge.trainer.quality.RunScores;
import dev.toonforge.trainer.storage.DatasetImageCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * Trains one run to its last epoch, or until asked to stop. Per epoch: shuffled batches of the dataset's images (at
 * the first epoch {@code dataset-refresh-seconds} after the previous look, the dataset is listed again when an upload
 * has stored images since: they join then), each step watched for alarms; then, on this thread, the fixed-noise
 * samples, the quality score when it is due and the checkpoint when it is due ({@link CheckpointCadence}); laying the
 * samples out as the grid and storing happen behind training, in order, on the run's {@link EpochPublisher}.
 *
 * <p>A stop (asked for, or an alarm whose action is stop) ends the run at a checkpoint: one landing inside an epoch
 * whose previous epoch has no checkpoint finishes that epoch and stores it. A divergence fails the run: nothing of the
 * diverged epoch is stored, the last good checkpoint stays.
 */
@ApplicationScoped
public class RunTrainer {

    private static final Logger LOG = Logger.getLogger(RunTrainer.class);
    static final int GRID_COLUMNS = 8;
    static final int GRID_IMAGES = GRID_COLUMNS * GRID_COLUMNS;

    private final RunService runs;
    private final DatasetImageCache images;
    private final CheckpointStore checkpoints;
    private final TrainerEvents events;
    private final TrainerSettings settings;
    private final RunScores runScores;
    @Inject TrainingMetrics meters;
    @Inject OwnerGenerations owners;
    @Inject TrainerInstance instance;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "batch-loader");
        t.setDaemon(true);
        return t;
    });

    public RunTrainer(RunService runs, DatasetImageCache images, CheckpointStore checkpoints,
                      TrainerEvents events, TrainerSettings settings, RunScores runScores) {
        this.runs = runs;
        this.images = images;
        this.checkpoints = checkpoints;
        this.events = events;
        this.settings = settings;
        this.runScores = runScores;
    }

    /** What a run's turn on the device keeps between epochs. */
    private static final class Turn {
        final String runId;
        final RunConfig run;
        final Dcgan gan;
        final List<MetricPoint> metrics;
        final EpochPublisher publisher;
        final AlarmWatch alarms;
        final CheckpointCadence checkpointCadence;
        final ProgressPacing progressEvents;
        final BatchTensors batches;
        EpochScoring scoring;
        DatasetImageCache.Listing listing;
        long listedAt;
        int lastStored;
        Double lastScore;
        int lastScoreEpoch;
        Integer bestEpoch;
        Double bestScore;
        RunAlarm stopAlarm;
        /** The next epoch's first batch, loaded while this epoch's last step trains; used when the dataset has not changed. */
        FirstBatch prefetched;

        Turn(String runId, RunConfig run, Dcgan gan, List<MetricPoint> metrics, EpochPublisher publisher,
             AlarmWatch alarms, CheckpointCadence checkpointCadence, ProgressPacing progressEvents, int lastStored) {
            this.runId = runId;
            this.run = run;
            this.gan = gan;
            this.metrics = metrics;
            this.publisher = publisher;
            this.alarms = alarms;
            this.checkpointCadence = checkpointCadence;
            this.progressEvents = progressEvents;
            this.batches = new BatchTensors(run.batchSize(), run.imageSize());
            this.lastStored = lastStored;
        }

        void scored(EpochScore score) {
            lastScore = score.swd();
            lastScoreEpoch = score.epoch();
            if (bestScore == null || score.swd() < bestScore) {
                bestScore = score.swd();
                bestEpoch = score.epoch();
            }
        }
    }

    /**
     * Trains the run in a new owner generation (see {@link OwnerGenerations}). A stop while {@code handingOver} leaves
     * the run queued or running in run.json, for the trainer that owns it next.
     */
    public void train(String runId, BooleanSupplier stopRequested, BooleanSupplier handingOver) {
        long started = System.nanoTime();
        long generation = owners.claim(runId, instance.id());
        runs.setState(runId, RunState.running, null);
        RunManifest manifest = runs.update(runId, p -> p.withBackend(TrainingDevice.describe()).withTrainer(instance.id()));
        RunConfig run = manifest.config();
        String device = manifest.progress().backend();
        Optional<CheckpointPublished> latest = checkpoints.latest(runId);
        Dcgan gan = latest.map(checkpoints::loadState).orElseGet(() -> initial(runId, run));
        int firstEpoch = latest.map(CheckpointPublished::epoch).orElse(0) + 1;
        List<MetricPoint> metrics = new ArrayList<>(checkpoints.metrics(runId, gan.step()));
        List<EpochScore> scores = checkpoints.scores(runId, firstEpoch - 1);
        latest.ifPresent(l -> LOG.infof("Run %s resumes after epoch %d (step %d) on %s (%s, owner generation %d)", runId,
                l.epoch(), l.step(), device, instance.id(), generation));
        if (latest.isEmpty()) {
            LOG.infof("Run %s starts: %s, %d epochs, augment %s, EMA %s, on %s (%s, owner generation %d)", runId,
                    run.preset(), run.epochs(), run.augmentations(), run.emaDecay() == null ? "off" : run.emaDecay(),
                    device, instance.id(), generation);
        }
        AlarmThresholds thresholds = AlarmThresholds.of(settings);
        boolean collapsed = !scores.isEmpty() && AlarmWatch.collapsed(scores.get(scores.size() - 1), thresholds);
        INDArray fixedNoise = gan.noise().forSeeds(fixedNoiseSeeds(run.seed()));
        int epoch = firstEpoch;
        try (EpochPublisher publisher = new EpochPublisher(runId, run, runs, checkpoints, events, settings, runScores,
                scores, () -> owners.requireCurrent(runId, generation))) {
            Turn turn = new Turn(runId, run, gan, metrics, publisher,
                    new AlarmWatch(run.alarmActions(), thresholds, collapsed),
                    new CheckpointCadence(settings.checkpointEverySeconds(), run.epochs(), started),
                    new ProgressPacing(settings.progressEventSeconds()), firstEpoch - 1);
            scores.forEach(turn::scored);
            try {
                for (; epoch <= run.epochs(); epoch++) {
                    if (!trainEpoch(turn, epoch, stopRequested) || endEpoch(turn, epoch, fixedNoise, stopRequested)) {
                        publisher.drain();
                        if (handingOver.getAsBoolean()) {
                            LOG.infof("Run %s handed over after epoch %d; its next owner resumes it from there", runId,
                                    turn.lastStored);
                            return;
                        }
                        runs.setState(runId, RunState.stopped, null);
                        LOG.infof("Run %s stopped%s; it resumes after epoch %d", runId, turn.stopAlarm == null ? ""
                                : " by its " + turn.stopAlarm.kind() + " alarm", turn.lastStored);
                        return;
                    }
                }
                publisher.drain();
            } catch (TrainingDivergedException e) {
                fail(turn, epoch, e);
                return;
            }
        }
        runs.setState(runId, RunState.completed, null);
        LOG.infof("Run %s completed: %d epochs, %d steps", runId, run.epochs(), gan.step());
    }

    /** A diverged run fails: what was queued before the diverged epoch is stored, nothing of that epoch or later. */
    private void fail(Turn turn, int epoch, TrainingDivergedException e) {
        turn.publisher.drain();
        String reason = "Training diverged in epoch " + epoch + " at step " + e.step() + ": " + what(e) + ". The run"
                + " keeps its last good checkpoint" + (turn.lastStored > 0 ? " (epoch " + turn.lastStored + ")" : "")
                + " and cannot resume; start a new run from it (initFrom) with lower learning rates.";
        RunAlarm alarm = AlarmWatch.divergence(epoch, e.step(), reason, Instant.now());
        EpochPublisher.record(runs, events, turn.runId, turn.run.dataset(), alarm);
        runs.setState(turn.runId, RunState.failed, reason);
        LOG.errorf("Run %s failed: %s", turn.runId, reason);
    }

    /** What was not finite, from the DCGAN library's message ("the discriminator's loss is NaN"). */
    private static String what(TrainingDivergedException e) {
        String message = String.valueOf(e.getMessage());
        int from = message.indexOf(": ");
        int to = message.indexOf(';', Math.max(from, 0));
        return from >= 0 ? message.substring(from + 2, to > from ? to : message.length()) : message;
    }

    /** A new run's GAN: random weights from its seed, or a fine-tuned run's source weights (and Adam state with carry). */
    private Dcgan initial(String runId, RunConfig run) {
        InitFrom from = run.initFrom();
        if (from == null) {
            return Dcgan.create(RunService.dcganConfig(run), run.seed());
        }
        Dcgan source = checkpoints.loadState(from.checkpointKey());
        LOG.infof("Run %s starts from run %s epoch %d (step %d), %s optimizer state", runId, from.runId(), from.epoch(),
                source.step(), from.optimizerState());
        return Dcgan.fineTune(RunService.dcganConfig(run), run.seed(), source, from.carriesOptimizerState());
    }

    /** An epoch's first batch, loaded ahead from one listing of the dataset. */
    private record FirstBatch(int epoch, List<DatasetImageCache.CachedImage> data, CompletableFuture<INDArray> batch) {
    }

    /**
     * One pass over the shuffled dataset; false when a stop was requested and the previous epoch has its checkpoint
     * (otherwise the epoch runs to its end, so that the stop has a checkpoint to resume from).
     */
    private boolean trainEpoch(Turn turn, int epoch, BooleanSupplier stop) {
        RunConfig run = turn.run;
        int size = run.imageSize();
        int batch = run.batchSize();
        long now = System.nanoTime();
        if (turn.listing == null || now - turn.listedAt >= settings.datasetRefreshSeconds() * 1e9) {
            turn.listing = turn.listing == null ? images.listDataset(run.dataset(), size)
                    : images.refresh(run.dataset(), size, turn.listing);
            turn.listedAt = now;
            meters.phase(EpochPhase.DATA, System.nanoTime() - now);
        }
        List<DatasetImageCache.CachedImage> data = turn.listing.images();
        if (data.size() < batch) {
            throw new IllegalStateException("dataset " + run.dataset() + " has " + data.size()
                    + " readable images; a batch needs " + batch);
        }
        if (turn.scoring == null) {
            long probeStarted = System.nanoTime();
            turn.scoring = EpochScoring.forRun(data.subList(0, Math.min(settings.scoreImages(), data.size())).stream()
                            .map(DatasetImageCache.CachedImage::rgb).toList(), size, settings.scoreImages(),
                    settings.scoreSamples(), turn.gan, settings.scoreMaxShare(), run.epochs());
            meters.phaseSince(EpochPhase.SCORE, probeStarted);
        }
        boolean mayStopInside = turn.lastStored == epoch - 1;
        List<Integer> order = shuffled(run, epoch, data.size());
        int steps = data.size() / batch;
        long started = System.nanoTime();
        FirstBatch prefetched = turn.prefetched;
        turn.prefetched = null;
        boolean usable = prefetched != null && prefetched.epoch() == epoch && prefetched.data().equals(data);
        CompletableFuture<INDArray> next = usable ? prefetched.batch() : loadBatch(turn, data, order, 0);
        for (int s = 0; s < steps; s++) {
            long stepStarted = System.nanoTime();
            if (mayStopInside && stop.getAsBoolean()) {
                return false;
            }
            INDArray real = next.join();
            if (s + 1 < steps) {
                next = loadBatch(turn, data, order, s + 1);
            } else if (epoch < run.epochs()) {
                turn.prefetched = new FirstBatch(epoch + 1, data,
                        loadBatch(turn, data, shuffled(run, epoch + 1, data.size()), 0));
            }
            long batchReady = System.nanoTime();
            StepResult result = turn.gan.trainStep(real);
            long stepEnded = System.nanoTime();
            meters.phase(EpochPhase.DATA, batchReady - stepStarted);
            meters.phase(EpochPhase.STEPS, stepEnded - batchReady);
            meters.stepDone(turn.runId, batch, (stepEnded - stepStarted) / 1e9);
            turn.metrics.add(new MetricPoint(result.step(), epoch, result.discriminatorLoss(), result.generatorLoss(),
                    result.meanRealScore(), result.meanFakeScore(), System.currentTimeMillis()));
            turn.alarms.afterStep(epoch, result, Instant.now()).ifPresent(alarm -> raise(turn, alarm));
            if (result.step() % settings.progressEverySteps() == 0 && s < steps - 1) {
                reportProgress(turn, epoch, s + 1, steps, result, started);
                meters.phase(EpochPhase.REPORT, System.nanoTime() - stepEnded);
            }
        }
        turn.scoring.trained((System.nanoTime() - started) / 1e9);
        meters.epochDone(turn.runId, Duration.ofNanos(System.nanoTime() - started));
        return true;
    }

    /**
     * The end of an epoch: grid, score when due, checkpoint when due, all queued for storage; true when the run
     * stops here (asked to, or by an alarm).
     */
    private boolean endEpoch(Turn turn, int epoch, INDArray fixedNoise, BooleanSupplier stop) {
        long started = System.nanoTime();
        Dcgan gan = turn.gan;
        gan.setEpoch(epoch);
        INDArray grid = gan.generate(fixedNoise);
        long mark = meters.phaseSince(EpochPhase.GRID, started);
        EpochScore score = null;
        if (turn.scoring.due(epoch)) {
            score = turn.scoring.measure(gan, epoch);
            turn.scored(score);
            turn.alarms.afterScore(score, Instant.now()).ifPresent(alarm -> raise(turn, alarm));
            mark = meters.phaseSince(EpochPhase.SCORE, mark);
        }
        boolean stopping = stop.getAsBoolean() || turn.stopAlarm != null;
        long now = System.nanoTime();
        boolean checkpoint = turn.checkpointCadence.due(epoch, stopping, now);
        MetricPoint last = turn.metrics.get(turn.metrics.size() - 1);
        byte[] zip = checkpoint ? CheckpointStore.checkpointZip(gan) : null;
        if (zip != null) {
            meters.checkpointStored(zip.length);
            mark = meters.phaseSince(EpochPhase.CHECKPOINT, mark);
        }
        turn.publisher.epoch(new EpochOutput(epoch, gan.step(), grid, zip, checkpoint ? List.copyOf(turn.metrics) : null,
                score, turn.scoring.everyEpochs(), last.dLoss(), last.gLoss()));
        mark = meters.phaseSince(EpochPhase.STORAGE_WAIT, mark);
        if (checkpoint) {
            turn.checkpointCadence.stored(now);
            turn.lastStored = epoch;
        }
        reportEpoch(turn, epoch, last, score, (System.nanoTime() - started) / 1e9);
        meters.phaseSince(EpochPhase.REPORT, mark);
        return stopping;
    }

    /** Queues the alarm for the run and its event; an alarm whose action is stop stops the run at this epoch's end. */
    private static void raise(Turn turn, RunAlarm alarm) {
        turn.publisher.alarm(alarm);
        if (RunAlarm.STOPPED.equals(alarm.action()) && turn.stopAlarm == null) {
            turn.stopAlarm = alarm;
        }
    }

    /** The order an epoch visits the dataset in: a shuffle seeded by the run's seed and the epoch. */
    private static List<Integer> shuffled(RunConfig run, int epoch, int size) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, size).boxed().toList());
        Collections.shuffle(order, new Random(run.seed() * 31 + epoch));
        return order;
    }

    /** Batch {@code s} of the epoch's {@code order}, written on the loader thread into the turn's next batch tensor. */
    private CompletableFuture<INDArray> loadBatch(Turn turn, List<DatasetImageCache.CachedImage> data, List<Integer> order,
                                                  int s) {
        int batch = turn.run.batchSize();
        int size = turn.run.imageSize();
        INDArray tensor = turn.batches.next();
        return CompletableFuture.supplyAsync(() -> {
            byte[] rgb = new byte[batch * size * size * 3];
            for (int i = 0; i < batch; i++) {
                byte[] image = data.get(order.get(s * batch + i)).rgb();
                System.arraycopy(image, 0, rgb, i * image.length, image.length);
            }
            return ImageTensors.fromRgbBytes(rgb, batch, size, tensor);
        }, loader);
    }

    /** A line inside an epoch, the run's progress and, when one is due, a training.progress event. */
    private void reportProgress(Turn turn, int epoch, int stepInEpoch, int stepsPerEpoch, StepResult result,
                                long started) {
        RunConfig run = turn.run;
        double seconds = (System.nanoTime() - started) / 1e9;
        double imagesPerSecond = seconds > 0 ? stepInEpoch * run.batchSize() / seconds : 0;
        long remainingSteps = (long) (run.epochs() - epoch) * stepsPerEpoch + (stepsPerEpoch - stepInEpoch);
        Long eta = imagesPerSecond > 0 ? Math.round(remainingSteps * run.batchSize() / imagesPerSecond) : null;
        LOG.infof("Run %s epoch %d/%d step %d/%d: D loss %.4f, G loss %.4f, D(x) %.3f, D(G(z)) %.3f, %.1f images/s, ETA %s",
                turn.runId, epoch, run.epochs(), stepInEpoch, stepsPerEpoch, result.discriminatorLoss(),
                result.generatorLoss(), result.meanRealScore(), result.meanFakeScore(), imagesPerSecond, eta(eta));
        turn.publisher.progress(p -> p.withStep(result.step(), result.discriminatorLoss(), result.generatorLoss(),
                imagesPerSecond, eta));
        if (!turn.progressEvents.due(System.nanoTime(), false)) {
            return;
        }
        events.progress(TrainingProgress.of(turn.runId, run.dataset(), RunState.running.name(), epoch, run.epochs(),
                result.step(), stepsPerEpoch, result.discriminatorLoss(), result.generatorLoss(), imagesPerSecond, eta,
                Instant.now(), turn.lastScore, turn.bestEpoch));
    }

    /**
     * One line per epoch ("epoch 5/300: D loss .., G loss .., score 41.2 (best 38.0 at epoch 3), 812 images/s, ETA"),
     * the run's progress and, when one is due ({@link ProgressPacing}), a training.progress event with the newest
     * score. Speed and ETA count the whole epoch, its end included.
     */
    private void reportEpoch(Turn turn, int epoch, MetricPoint last, EpochScore score, double endSeconds) {
        RunConfig run = turn.run;
        List<MetricPoint> metrics = turn.metrics;
        int steps = 0;
        while (steps < metrics.size() && metrics.get(metrics.size() - 1 - steps).epoch() == epoch) {
            steps++;
        }
        MetricPoint first = metrics.get(metrics.size() - steps);
        double seconds = Math.max(1e-3, (last.timeMillis() - first.timeMillis()) / 1000.0 * steps / Math.max(1, steps - 1)
                + endSeconds);
        double imagesPerSecond = steps * run.batchSize() / seconds;
        Long eta = Math.round((run.epochs() - epoch) * seconds);
        String scoreText = "";
        if (turn.lastScore != null) {
            scoreText = String.format(Locale.ROOT, ", score %.1f%s (best %.1f at epoch %d)", turn.lastScore,
                    score != null ? String.format(Locale.ROOT, ", diversity %.2f, measured in %.1f s", score.diversity(),
                            score.seconds())
                            : " at epoch " + turn.lastScoreEpoch, turn.bestScore, turn.bestEpoch);
        }
        LOG.infof("Run %s epoch %d/%d: D loss %.4f, G loss %.4f%s, %.1f images/s, ETA %s", turn.runId, epoch,
                run.epochs(), last.dLoss(), last.gLoss(), scoreText, imagesPerSecond, eta(eta));
        int stepsPerEpoch = steps;
        turn.publisher.progress(p -> p.withStep(last.step(), last.dLoss(), last.gLoss(), imagesPerSecond, eta));
        if (!turn.progressEvents.due(System.nanoTime(), score != null || epoch == run.epochs())) {
            return;
        }
        events.progress(TrainingProgress.of(turn.runId, run.dataset(), RunState.running.name(), epoch, run.epochs(),
                last.step(), stepsPerEpoch, last.dLoss(), last.gLoss(), imagesPerSecond, eta, Instant.now(),
                turn.lastScore, turn.bestEpoch));
    }

    /** The same 64 noise vectors for every epoch of a run, so the grids compare. */
    static long[] fixedNoiseSeeds(long runSeed) {
        return LongStream.range(0, GRID_IMAGES).map(i -> runSeed * GRID_IMAGES + i).toArray();
    }

    private static String eta(Long seconds) {
        if (seconds == null) {
            return "unknown";
        }
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
}
