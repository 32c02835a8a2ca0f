package dev.toonforge.trainer.metrics;

import dev.toonforge.contracts.storage.RunManifest;
import dev.toonforge.contracts.storage.RunState;
import dev.toonforge.trainer.service.RunService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The trainer's meters at {@code /q/metrics}: the training speed of each run on the device (gauges tagged with the run
 * id, from its latest steps, removed when the run leaves the device), steps and images trained, epoch time and where
 * it goes ({@link EpochPhase}), checkpoint size, the runs waiting for the device and the runs by state.
 */
@Startup
@ApplicationScoped
public class TrainingMetrics {

    /** The steps a run's speed is averaged over. */
    static final int RATE_WINDOW = 20;

    private final MeterRegistry registry;
    private final Counter steps;
    private final Counter images;
    private final Timer epochs;
    private final DistributionSummary checkpoints;
    private final Map<EpochPhase, Timer> phases = new EnumMap<>(EpochPhase.class);
    private final Map<String, RunSpeed> speeds = new ConcurrentHashMap<>();

    public TrainingMetrics(MeterRegistry registry, RunService runs) {
        this.registry = registry;
        this.steps = Counter.builder("toonforge.trainer.steps").description("Training steps done, all runs")
                .register(registry);
        this.images = Counter.builder("toonforge.trainer.images").description("Images trained on, all runs")
                .register(registry);
        this.epochs = Timer.builder("toonforge.trainer.epoch").description("Time to train one epoch (before its checkpoint)")
                .register(registry);
        this.checkpoints = DistributionSummary.builder("toonforge.trainer.checkpoint.size").baseUnit("bytes")
                .description("Size of each stored checkpoint").register(registry);
        for (EpochPhase phase : EpochPhase.values()) {
            phases.put(phase, Timer.builder("toonforge.trainer.epoch.phase").tag("phase", phase.tag())
                    .description("Time the training thread spends in each part of an epoch, all runs").register(registry));
        }
        for (RunState state : RunState.values()) {
            Gauge.builder("toonforge.trainer.runs", runs, r -> count(r, state)).tag("state", state.name()).strongReference(true)
                    .description("Runs this trainer knows, by state").register(registry);
        }
        Gauge.builder("toonforge.trainer.queue.depth", runs, r -> count(r, RunState.queued)).strongReference(true)
                .description("Runs waiting for the training device").register(registry);
    }

    /** One training step of {@code runId}: {@code images} trained in {@code seconds}. */
    public void stepDone(String runId, int images, double seconds) {
        steps.increment();
        this.images.increment(images);
        speeds.computeIfAbsent(runId, this::register).add(images, seconds);
    }

    /** One epoch of {@code runId} trained (its checkpoint follows). */
    public void epochDone(String runId, Duration took) {
        epochs.record(took);
    }

    /** {@code nanos} of the training thread spent in {@code phase}. */
    public void phase(EpochPhase phase, long nanos) {
        phases.get(phase).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records the time since {@code startedNanos} in {@code phase}; returns now, where the next phase starts. */
    public long phaseSince(EpochPhase phase, long startedNanos) {
        long now = System.nanoTime();
        phase(phase, now - startedNanos);
        return now;
    }

    public void checkpointStored(long bytes) {
        checkpoints.record(bytes);
    }

    /** The run left the device (completed, stopped, failed): its speed gauges go. */
    public void runLeftDevice(String runId) {
        RunSpeed speed = speeds.remove(runId);
        if (speed != null) {
            registry.remove(speed.stepsPerSecond);
            registry.remove(speed.imagesPerSecond);
        }
    }

    private RunSpeed register(String runId) {
        RunSpeed speed = new RunSpeed();
        speed.stepsPerSecond = Gauge.builder("toonforge.trainer.steps.per.second", speed, RunSpeed::stepsPerSecond)
                .tag("run", runId).strongReference(true).description("Training steps per second of a run on the device, over its latest steps")
                .register(registry);
        speed.imagesPerSecond = Gauge.builder("toonforge.trainer.images.per.second", speed, RunSpeed::imagesPerSecond)
                .tag("run", runId).strongReference(true).description("Images per second of a run on the device, over its latest steps")
                .register(registry);
        return speed;
    }

    private static double count(RunService runs, RunState state) {
        return runs.list().stream().map(RunManifest::state).filter(state::equals).count();
    }

    /** A run's latest steps (a ring of {@link #RATE_WINDOW}): images and seconds of each. */
    private static final class RunSpeed {
        private final int[] images = new int[RATE_WINDOW];
        private final double[] seconds = new double[RATE_WINDOW];
        private int next;
        private int filled;
        Gauge stepsPerSecond;
        Gauge imagesPerSecond;

        synchronized void add(int stepImages, double stepSeconds) {
            images[next] = stepImages;
            seconds[next] = stepSeconds;
            next = (next + 1) % RATE_WINDOW;
            filled = Math.min(filled + 1, RATE_WINDOW);
        }

        synchronized double stepsPerSecond() {
            double total = totalSeconds();
            return total > 0 ? filled / total : 0;
        }

        synchronized double imagesPerSecond() {
            double total = totalSeconds();
            long count = 0;
            for (int i = 0; i < filled; i++) {
                count += images[i];
            }
            return total > 0 ? count / total : 0;
        }

        private double totalSeconds() {
            double total = 0;
            for (int i = 0; i < filled; i++) {
                total += seconds[i];
            }
            return total;
        }
    }
}
