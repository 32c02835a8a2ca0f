package dev.toonforge.trainer.bench;

import dev.toonforge.contracts.storage.RunConfig;
import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import dev.toonforge.infra.testing.PrometheusText;
import dev.toonforge.trainer.metrics.EpochPhase;
import dev.toonforge.trainer.TestDatasets;
import dev.toonforge.trainer.service.RunService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * A run's wall time against its training steps alone, on a small and a large dataset: the run goes through the API
 * with the trainer's production settings (checkpoints by time, the score on, images cached in memory), from the moment
 * it is running to the moment it has completed; the steps alone are the same number of {@link Dcgan#trainStep} calls
 * of the same configuration on batches prepared beforehand. Not part of the test suite (no Test suffix); run by
 * {@code bench/trainer/run.sh}, which prints the table docs/benchmarks.md keeps, with where the training thread's
 * time went ({@code toonforge.trainer.epoch.phase} from {@code /q/metrics}).
 *
 * <p>System properties: {@code bench.cases} ("images x epochs" pairs, default "320x150,3200x15"),
 * {@code bench.batch} (64), {@code bench.out} (a file the result lines are appended to).
 */
@QuarkusTest
@TestProfile(WallVsStepsBench.Production.class)
@QuarkusTestResource(LocalInfraTestResource.class)
class WallVsStepsBench {

    private static final String TOKEN = "Bearer test-token-0123456789";

    /** The production values of what the test profile changes. */
    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("toonforge.trainer.checkpoint-every-seconds", "30", "toonforge.trainer.dataset-refresh-seconds", "30",
                    "toonforge.trainer.cache-memory-mb", "2048");
        }
    }

    @InjectLocalInfra
    LocalInfra infra;

    @Test
    void wallTimeAgainstStepsAlone() throws Exception {
        int batch = Integer.getInteger("bench.batch", 64);
        for (String pair : System.getProperty("bench.cases", "320x150,3200x15").split(",")) {
            String[] parts = pair.trim().split("x");
            measure(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), batch);
        }
    }

    private void measure(int images, int epochs, int batch) throws Exception {
        String dataset = "bench-" + images;
        TestDatasets.discs(infra, dataset, images, images);
        Map<EpochPhase, Double> phasesBefore = phaseSeconds();
        String runId = given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("dataset", dataset, "preset", "tiny-32", "epochs", epochs, "batchSize", batch, "seed", 1))
                .post("/api/runs").then().statusCode(201).extract().path("runId");
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> !"queued".equals(state(runId)));
        Instant started = Instant.now();
        // Polled seldom, so that the polling takes no share of the cores the run is measured on; the run's last update
        // (completed) says when it ended.
        await().atMost(Duration.ofHours(2)).pollInterval(Duration.ofSeconds(2))
                .until(() -> "completed".equals(state(runId)));
        Instant ended = Instant.parse(given().get("/api/runs/" + runId).then().extract().path("updatedAt"));
        double wall = Duration.between(started, ended).toNanos() / 1e9;
        int scoreEvery = given().get("/api/runs/" + runId).then().extract().path("scoreEveryEpochs");
        int scores = given().get("/api/runs/" + runId).then().extract().path("scores.size()");

        Map<EpochPhase, Double> phasesAfter = phaseSeconds();
        String phases = phasesAfter.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey().tag(),
                e.getValue() - phasesBefore.getOrDefault(e.getKey(), 0.0))).collect(Collectors.joining(", "));

        int steps = epochs * (images / batch);
        double stepsOnly = stepsAlone(runId, images, epochs, batch, steps);
        String line = String.format(Locale.ROOT,
                "%d images, batch %d, %d epochs (%d steps/epoch, %d steps): wall %.1f s, steps alone %.1f s, ratio %.2f;"
                        + " %d scores (every %d epochs at the end); training thread: %s", images, batch, epochs,
                images / batch, steps, wall, stepsOnly, wall / stepsOnly, scores, scoreEvery, phases);
        System.out.println("BENCH " + line);
        String out = System.getProperty("bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** The same number of steps of the same configuration, on batches prepared beforehand, on this thread. */
    private static double stepsAlone(String runId, int images, int epochs, int batch, int steps) throws IOException {
        RunConfig config = new RunConfig(runId.substring(0, runId.indexOf('-')), "tiny-32", 32, epochs, 1, batch, 2e-4,
                2e-4, 0.5, 0.05);
        Dcgan gan = Dcgan.create(RunService.dcganConfig(config), 1);
        INDArray[] batches = new INDArray[4];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, batch, 3, 32, 32).muli(2).subi(1);
        }
        gan.trainStep(batches[0]);   // the first step builds the primitives; the run's first step does too
        long started = System.nanoTime();
        for (int s = 1; s < steps; s++) {
            gan.trainStep(batches[s % batches.length]);
        }
        return (System.nanoTime() - started) / 1e9 * steps / Math.max(1, steps - 1);
    }

    /** Seconds recorded so far per phase of an epoch, from the trainer's Prometheus scrape. */
    private static Map<EpochPhase, Double> phaseSeconds() {
        PrometheusText scrape = PrometheusText.parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
        Map<EpochPhase, Double> seconds = new EnumMap<>(EpochPhase.class);
        for (EpochPhase phase : EpochPhase.values()) {
            seconds.put(phase, scrape.sum("toonforge_trainer_epoch_phase_seconds_sum", "phase", phase.tag()));
        }
        return seconds;
    }

    private static String state(String runId) {
        return given().get("/api/runs/" + runId).then().statusCode(200).extract().path("state");
    }
}
