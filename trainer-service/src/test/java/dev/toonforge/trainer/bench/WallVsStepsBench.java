package dev.toonforge.trainer.bench;

import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.infra.FreePorts;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.process.ServiceProcess;
import dev.toonforge.infra.testing.PrometheusText;
import dev.toonforge.trainer.TestDatasets;
import dev.toonforge.trainer.metrics.EpochPhase;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * A run's wall time against its training steps alone, on a small and a large dataset, laid out as {@code ./toonforge
 * up} lays it out: the packaged trainer in a JVM of its own with the launcher's JVM options and the production
 * settings (checkpoints by time, the score on, images cached in memory), the Kafka broker and the S3 server started by
 * this JVM. The run goes through the API; its wall time runs from the moment it is running to the moment it has
 * completed. The steps alone are the same number of {@link Dcgan#trainStep} calls of the same configuration on batches
 * prepared beforehand ({@link PlainLoop}), in a fresh JVM with the trainer's JVM options as a user's own loop would
 * run, and again in that JVM once warm; once before each run and once after it, averaged, since a shared machine's
 * speed drifts over minutes. Each case runs {@code bench.repeats} times, loops and runs in turn, and ends with the
 * median of its ratios: one run against one pair of loops moves by a tenth or more from one try to the next. Each
 * run is also put against its own steps (the training thread's {@code steps} phase): what the work around the steps
 * adds, apart from the machine's drift between a run and the loops beside it. Each run has a trainer JVM of its own,
 * started for it, as each loop has. Not part of the test suite (no IT suffix); run by {@code bench/trainer/run.sh},
 * which prints the lines docs/benchmarks.md keeps, with where the training thread's time went
 * ({@code toonforge.trainer.epoch.phase}) and the core-seconds the trainer, the broker and S3 server, and each fresh
 * loop used ({@link CpuTime}): a loop that takes longer on the same core-seconds waited for cores, one that takes
 * longer on more core-seconds ran slower on them.
 *
 * <p>The default cases train the same 2,001 and 2,000 steps, 3 and 50 an epoch, so that they differ in the dataset's
 * size alone (the large one's first fetch of its images is part of its run).
 *
 * <p>System properties: {@code bench.cases} ("images x epochs" pairs, default "192x667,3200x40"),
 * {@code bench.batch} (64), {@code bench.repeats} (runs per case, 3), {@code bench.out} (a file the result lines are
 * appended to), {@code bench.logs} (where the trainer's log goes), {@code bench.trainerJvm} (more JVM options for the
 * trainer alone, space-separated, e.g. a flight recording), {@code bench.trainerEnv} (environment variables for the
 * trainer alone, space-separated NAME=value pairs, e.g. OMP_WAIT_POLICY=PASSIVE), {@code trainer.jar} (set by the
 * build).
 */
class WallVsStepsBench {

    private static final String TOKEN = "bench-token-0123456789abcdef";
    /** The trainer's JVM options in {@code ./toonforge up} (the launcher's ServiceSpec.TRAINER_JVM); the loop's too. */
    private static final List<String> TRAINER_JVM = List.of("-Xmx1536m", "-Dorg.bytedeco.javacpp.maxbytes=3g",
            "-Dorg.bytedeco.javacpp.maxphysicalbytes=5g", "-XX:+UseParallelGC");

    private static LocalInfra infra;
    private static ServiceProcess trainer;

    @BeforeAll
    static void start() {
        infra = LocalInfra.startEphemeral("toonforge");
    }

    /** A trainer in a new JVM, as {@code ./toonforge up} starts it; its log is appended to {@code bench.logs}. */
    private static ServiceProcess startTrainer() throws Exception {
        Path logs = Files.createDirectories(Paths.get(System.getProperty("bench.logs", "target/bench-logs")));
        Map<String, String> env = new HashMap<>(infra.serviceEnvironment());
        env.put("TOONFORGE_API_TOKEN", TOKEN);
        env.put("TOONFORGE_TRAINER_CACHE_DIR", logs.resolve("trainer-cache").toAbsolutePath().toString());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        for (String setting : System.getProperty("bench.trainerEnv", "").trim().split("\\s+")) {
            int eq = setting.indexOf('=');
            if (eq > 0) {
                env.put(setting.substring(0, eq), setting.substring(eq + 1));
            }
        }
        List<String> jvm = new ArrayList<>(TRAINER_JVM);
        String extra = System.getProperty("bench.trainerJvm", "").trim();
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split("\\s+")));
        }
        return ServiceProcess.start("trainer", Paths.get(System.getProperty("trainer.jar")), FreePorts.resolve(0), env,
                jvm, logs.resolve("trainer.log")).awaitReady(Duration.ofSeconds(120));
    }

    @AfterAll
    static void stop() {
        try {
            if (trainer != null) {
                trainer.stop();
            }
        } finally {
            if (infra != null) {
                infra.close();
            }
        }
    }

    @Test
    void wallTimeAgainstStepsAlone() throws Exception {
        int batch = Integer.getInteger("bench.batch", 64);
        for (String pair : System.getProperty("bench.cases", "192x667,3200x40").split(",")) {
            String[] parts = pair.trim().split("x");
            measure(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), batch);
        }
    }

    /**
     * Runs {@code bench.repeats} runs of the case, each between two plain loops (loop, run, loop, run, ..., loop), and
     * prints a line per run, its ratios against the mean of the loops on either side, and a line with the median ratio.
     */
    private void measure(int images, int epochs, int batch) throws Exception {
        String dataset = "bench-" + images;
        TestDatasets.discs(infra, dataset, images, images);
        int steps = epochs * (images / batch);
        int repeats = Integer.getInteger("bench.repeats", 3);
        List<Double> freshRatios = new ArrayList<>();
        List<Double> warmRatios = new ArrayList<>();
        List<Double> ownRatios = new ArrayList<>();
        PlainLoop.Seconds before = PlainLoop.inFreshJvm(TRAINER_JVM, dataset, epochs, batch, steps);
        for (int r = 1; r <= repeats; r++) {
            trainer = startTrainer();
            String runId = api().contentType(ContentType.JSON)
                    .body(Map.of("dataset", dataset, "preset", "tiny-32", "epochs", epochs, "batchSize", batch, "seed", 1))
                    .post("/api/runs").then().statusCode(201).extract().path("runId");
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !"queued".equals(state(runId)));
            Instant started = Instant.now();
            ProcessHandle trainerProcess = ProcessHandle.of(trainer.pid()).orElseThrow();
            double trainerAtStart = CpuTime.process(trainerProcess);
            double infraAtStart = CpuTime.thisTreeExcept(trainer.pid());
            // Polled seldom, so that the polling takes no share of the cores the run is measured on; the run's last
            // update (completed) says when it ended.
            await().atMost(Duration.ofHours(2)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> "completed".equals(state(runId)));
            double trainerCpu = CpuTime.process(trainerProcess) - trainerAtStart;
            double infraCpu = CpuTime.thisTreeExcept(trainer.pid()) - infraAtStart;
            Instant ended = Instant.parse(api().get("/api/runs/" + runId).then().extract().path("updatedAt"));
            double wall = Duration.between(started, ended).toNanos() / 1e9;
            int scoreEvery = api().get("/api/runs/" + runId).then().extract().path("scoreEveryEpochs");
            int scores = api().get("/api/runs/" + runId).then().extract().path("scores.size()");

            // The trainer was started for this run: its phase totals are this run's.
            Map<EpochPhase, Double> seconds = phaseSeconds();
            String phases = seconds.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f s",
                    e.getKey().tag(), e.getValue())).collect(Collectors.joining(", "));
            double ownSteps = seconds.get(EpochPhase.STEPS);
            trainer.stop();
            trainer = null;

            PlainLoop.Seconds after = PlainLoop.inFreshJvm(TRAINER_JVM, dataset, epochs, batch, steps);
            double fresh = (before.fresh() + after.fresh()) / 2;
            double warm = (before.warm() + after.warm()) / 2;
            freshRatios.add(wall / fresh);
            warmRatios.add(wall / warm);
            ownRatios.add(wall / ownSteps);
            print(String.format(Locale.ROOT,
                    "%d images, batch %d, %d epochs (%d steps/epoch, %d steps), run %d of %d: wall %.1f s; steps alone"
                            + " %.1f s in a fresh JVM (ratio %.2f; %.1f s before the run, %.1f s after), %.1f s once warm"
                            + " (ratio %.2f; %.1f s, %.1f s); against the run's own steps %.2f; %d scores (every %d"
                            + " epochs at the end); training thread: %s; core-seconds: the trainer %.1f and the broker"
                            + " and S3 server %.1f during the run, the fresh loops %.1f / %.1f",
                    images, batch, epochs, images / batch, steps, r, repeats, wall, fresh, wall / fresh, before.fresh(),
                    after.fresh(), warm, wall / warm, before.warm(), after.warm(), wall / ownSteps, scores, scoreEvery,
                    phases, trainerCpu, infraCpu, before.freshCpu(), after.freshCpu()));
            before = after;
        }
        print(String.format(Locale.ROOT, "%d images x %d epochs: median ratio %.2f against the fresh loop (%s), %.2f"
                        + " against the warm loop (%s), %.2f against the run's own steps (%s)", images, epochs,
                median(freshRatios), ratios(freshRatios), median(warmRatios), ratios(warmRatios), median(ownRatios),
                ratios(ownRatios)));
    }

    private static void print(String line) throws IOException {
        System.out.println("BENCH " + line);
        String out = System.getProperty("bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String ratios(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).collect(Collectors.joining(", "));
    }

    private static RequestSpecification api() {
        return given().baseUri(trainer.url("")).header("Authorization", "Bearer " + TOKEN);
    }

    /** Seconds recorded so far per phase of an epoch, from the trainer's Prometheus scrape. */
    private static Map<EpochPhase, Double> phaseSeconds() {
        PrometheusText scrape = PrometheusText.parse(api().get("/q/metrics").then().statusCode(200).extract().asString());
        Map<EpochPhase, Double> seconds = new EnumMap<>(EpochPhase.class);
        for (EpochPhase phase : EpochPhase.values()) {
            seconds.put(phase, scrape.sum("toonforge_trainer_epoch_phase_seconds_sum", "phase", phase.tag()));
        }
        return seconds;
    }

    private static String state(String runId) {
        return api().get("/api/runs/" + runId).then().statusCode(200).extract().path("state");
    }
}
