package dev.toonforge.trainer.service;

import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.TrainingProgress;
import dev.toonforge.contracts.storage.InitFrom;
import dev.toonforge.contracts.storage.MetricPoint;
import dev.toonforge.contracts.storage.RunConfig;
import dev.toonforge.contracts.storage.RunManifest;
import dev.toonforge.contracts.storage.RunState;
import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.dcgan.ImageTensors;
import dev.toonforge.dcgan.SampleGrid;
import dev.toonforge.dcgan.StepResult;
import dev.toonforge.trainer.config.TrainerSettings;
import dev.toonforge.trainer.messaging.TrainerEvents;
import dev.toonforge.trainer.metrics.TrainingMetrics;
import dev.toonforge.trainer.storage.CheckpointStore;
import dev.toonforge.trainer.storage.DatasetImageCache;
import dev.toonforge.trainer.storage.RetentionPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.nd4j.linalg.api.ndarray.INDArray;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * Trains one run to its last epoch, or until asked to stop. Per epoch: shuffled batches of the dataset's images (new
 * images join at the next epoch), then the fixed-noise grid, the checkpoint and the metrics are stored, then
 * {@code latest.json}, then the {@code checkpoints.published} event (the same record as latest.json).
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
    @Inject TrainingMetrics meters;
    private final ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "batch-loader");
        t.setDaemon(true);
        return t;
    });

    public RunTrainer(RunService runs, DatasetImageCache images, CheckpointStore checkpoints,
                      TrainerEvents events, TrainerSettings settings) {
        this.runs = runs;
        this.images = images;
        this.checkpoints = checkpoints;
        this.events = events;
        this.settings = settings;
    }

    public void train(String runId, BooleanSupplier stopRequested) {
        runs.setState(runId, RunState.running, null);
        RunManifest manifest = runs.update(runId, p -> p.withBackend(TrainingDevice.describe()));
        RunConfig run = manifest.config();
        String device = manifest.progress().backend();
        Optional<CheckpointPublished> latest = checkpoints.latest(runId);
        Dcgan gan = latest.map(checkpoints::loadState).orElseGet(() -> initial(runId, run));
        int firstEpoch = latest.map(CheckpointPublished::epoch).orElse(0) + 1;
        List<MetricPoint> metrics = new ArrayList<>(checkpoints.metrics(runId, gan.step()));
        latest.ifPresent(l -> LOG.infof("Run %s resumes after epoch %d (step %d) on %s", runId, l.epoch(), l.step(),
                device));
        if (latest.isEmpty()) {
            LOG.infof("Run %s starts: %s, %d epochs, on %s", runId, run.preset(), run.epochs(), device);
        }
        INDArray fixedNoise = gan.noise().forSeeds(fixedNoiseSeeds(run.seed()));

        for (int epoch = firstEpoch; epoch <= run.epochs(); epoch++) {
            if (!trainEpoch(runId, run, gan, epoch, metrics, stopRequested)) {
                runs.setState(runId, RunState.stopped, null);
                LOG.infof("Run %s stopped during epoch %d; it resumes from epoch %d's checkpoint", runId, epoch, epoch - 1);
                return;
            }
            publishEpoch(runId, run, gan, epoch, fixedNoise, metrics);
        }
        runs.setState(runId, RunState.completed, null);
        LOG.infof("Run %s completed: %d epochs, %d steps", runId, run.epochs(), gan.step());
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

    /** One pass over the shuffled dataset; false when a stop was requested. */
    private boolean trainEpoch(String runId, RunConfig run, Dcgan gan, int epoch, List<MetricPoint> metrics, BooleanSupplier stop) {
        int size = run.imageSize();
        int batch = run.batchSize();
        List<DatasetImageCache.CachedImage> data = images.loadDataset(run.dataset(), size);
        if (data.size() < batch) {
            throw new IllegalStateException("dataset " + run.dataset() + " has " + data.size()
                    + " readable images; a batch needs " + batch);
        }
        List<Integer> order = new ArrayList<>(IntStream.range(0, data.size()).boxed().toList());
        Collections.shuffle(order, new Random(run.seed() * 31 + epoch));
        int steps = data.size() / batch;
        long started = System.nanoTime();
        CompletableFuture<INDArray> next = loadBatch(data, order, 0, batch, size);
        for (int s = 0; s < steps; s++) {
            long stepStarted = System.nanoTime();
            if (stop.getAsBoolean()) {
                return false;
            }
            INDArray real = next.join();
            if (s + 1 < steps) {
                next = loadBatch(data, order, s + 1, batch, size);
            }
            StepResult result = gan.trainStep(real);
            meters.stepDone(runId, batch, (System.nanoTime() - stepStarted) / 1e9);
            metrics.add(new MetricPoint(result.step(), epoch, result.discriminatorLoss(), result.generatorLoss(),
                    result.meanRealScore(), result.meanFakeScore(), System.currentTimeMillis()));
            if (result.step() % settings.progressEverySteps() == 0 || s == steps - 1) {
                reportProgress(runId, run, epoch, s + 1, steps, result, started);
            }
        }
        meters.epochDone(runId, Duration.ofNanos(System.nanoTime() - started));
        return true;
    }

    private CompletableFuture<INDArray> loadBatch(List<DatasetImageCache.CachedImage> data, List<Integer> order, int s, int batch, int size) {
        return CompletableFuture.supplyAsync(() -> {
            byte[] rgb = new byte[batch * size * size * 3];
            for (int i = 0; i < batch; i++) {
                byte[] image = data.get(order.get(s * batch + i)).rgb();
                System.arraycopy(image, 0, rgb, i * image.length, image.length);
            }
            return ImageTensors.fromRgbBytes(rgb, batch, size);
        }, loader);
    }

    private void reportProgress(String runId, RunConfig run, int epoch, int stepInEpoch, int stepsPerEpoch, StepResult result, long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        double imagesPerSecond = seconds > 0 ? stepInEpoch * run.batchSize() / seconds : 0;
        long remainingSteps = (long) (run.epochs() - epoch) * stepsPerEpoch + (stepsPerEpoch - stepInEpoch);
        Long eta = imagesPerSecond > 0 ? Math.round(remainingSteps * run.batchSize() / imagesPerSecond) : null;
        LOG.infof("Run %s epoch %d/%d step %d/%d: D loss %.4f, G loss %.4f, D(x) %.3f, D(G(z)) %.3f, %.1f images/s, ETA %s",
                runId, epoch, run.epochs(), stepInEpoch, stepsPerEpoch, result.discriminatorLoss(),
                result.generatorLoss(), result.meanRealScore(), result.meanFakeScore(), imagesPerSecond, eta(eta));
        runs.updateIfStoreAnswers(runId, p -> p.withStep(result.step(), result.discriminatorLoss(),
                result.generatorLoss(), imagesPerSecond, eta));
        events.progress(TrainingProgress.of(runId, run.dataset(), RunState.running.name(), epoch, run.epochs(),
                result.step(), stepsPerEpoch, result.discriminatorLoss(), result.generatorLoss(), imagesPerSecond, eta,
                Instant.now()));
    }

    private void publishEpoch(String runId, RunConfig run, Dcgan gan, int epoch, INDArray fixedNoise, List<MetricPoint> metrics) {
        long started = System.nanoTime();
        gan.setEpoch(epoch);
        byte[] grid = png(SampleGrid.render(ImageTensors.toImages(gan.generate(fixedNoise)), GRID_COLUMNS));
        byte[] checkpoint = CheckpointStore.checkpointZip(gan);
        checkpoints.writeEpoch(runId, epoch, checkpoint, grid, metrics);
        meters.checkpointStored(checkpoint.length);
        CheckpointPublished published = CheckpointPublished.of(runId, run.dataset(), run.preset(), run.imageSize(), epoch,
                run.epochs(), gan.step(), Instant.now());
        checkpoints.writeLatest(published);
        runs.update(runId, p -> p.withEpoch(epoch, gan.step()));
        events.publish(published);
        checkpoints.applyRetention(runId, epoch, () -> RetentionPolicy
                .forRun(run, settings.keepLastCheckpoints(), settings.keepEveryNthCheckpoint())
                .protecting(RetentionPolicy.protectedEpochs(runId, checkpoints.servingChoice(run.dataset()).orElse(null),
                        runs.list())));
        MetricPoint last = metrics.get(metrics.size() - 1);
        LOG.infof("Run %s checkpoint epoch %d/%d at step %d (%d KiB): D loss %.4f, G loss %.4f, stored in %d ms",
                runId, epoch, run.epochs(), gan.step(), checkpoint.length / 1024, last.dLoss(), last.gLoss(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The same 64 noise vectors for every epoch of a run, so the grids compare. */
    static long[] fixedNoiseSeeds(long runSeed) {
        return LongStream.range(0, GRID_IMAGES).map(i -> runSeed * GRID_IMAGES + i).toArray();
    }

    private static byte[] png(java.awt.image.BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String eta(Long seconds) {
        if (seconds == null) {
            return "unknown";
        }
        return seconds >= 3600 ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
}
