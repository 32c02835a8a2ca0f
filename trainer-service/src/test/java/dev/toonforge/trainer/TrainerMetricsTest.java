package dev.toonforge.trainer;

import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import dev.toonforge.infra.testing.PrometheusText;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/** The trainer's meters at /q/metrics after real runs, and its API description at /q/openapi. */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class TrainerMetricsTest {

    private static final String TOKEN = "Bearer test-token-0123456789";
    private static final String DATASET = "metered";
    private static boolean datasetReady;

    @InjectLocalInfra
    LocalInfra infra;

    @BeforeEach
    void dataset() throws Exception {
        if (!datasetReady) {
            TestDatasets.discs(infra, DATASET, 32, 5);
            datasetReady = true;
        }
    }

    @Test
    void aFinishedRunIsCountedInStepsImagesEpochsAndCheckpoints() throws Exception {
        PrometheusText before = metrics();
        String runId = startRun(Map.of("dataset", DATASET, "preset", "tiny-32", "epochs", 2, "batchSize", 16, "seed", 3));
        await().atMost(Duration.ofMinutes(4)).until(() -> "completed".equals(state(runId)));
        PrometheusText after = metrics();

        // 32 images in batches of 16: 2 steps per epoch, 2 epochs.
        assertThat(increase(before, after, "toonforge_trainer_steps_total")).isEqualTo(4);
        assertThat(increase(before, after, "toonforge_trainer_images_total")).isEqualTo(64);
        assertThat(increase(before, after, "toonforge_trainer_epoch_seconds_count")).isEqualTo(2);
        assertThat(increase(before, after, "toonforge_trainer_epoch_seconds_sum")).isPositive();
        assertThat(increase(before, after, "toonforge_trainer_checkpoint_size_bytes_count")).isEqualTo(2);
        // Where the epochs' time went: every step, one grid per epoch, a checkpoint serialised per epoch (the test
        // profile checkpoints every epoch), the score measured at the first and last epoch (plus building its probe).
        assertThat(increase(before, after, "toonforge_trainer_epoch_phase_seconds_count", "phase", "steps")).isEqualTo(4);
        assertThat(increase(before, after, "toonforge_trainer_epoch_phase_seconds_sum", "phase", "steps")).isPositive();
        assertThat(increase(before, after, "toonforge_trainer_epoch_phase_seconds_count", "phase", "grid")).isEqualTo(2);
        assertThat(increase(before, after, "toonforge_trainer_epoch_phase_seconds_count", "phase", "checkpoint")).isEqualTo(2);
        assertThat(increase(before, after, "toonforge_trainer_epoch_phase_seconds_count", "phase", "score")).isEqualTo(3);
        long stored = BucketAndTopics.object(infra, ObjectKeys.runCheckpoint(runId, 1)).length
                + BucketAndTopics.object(infra, ObjectKeys.runCheckpoint(runId, 2)).length;
        assertThat(increase(before, after, "toonforge_trainer_checkpoint_size_bytes_sum")).isEqualTo(stored);
        assertThat(increase(before, after, "toonforge_trainer_runs", "state", "completed")).isEqualTo(1);
        assertThat(after.samples("toonforge_trainer_images_per_second", "run", runId))
                .as("a run's speed gauges go when it leaves the device").isEmpty();
    }

    @Test
    void theRunningRunHasItsSpeedAndTheOneBehindItIsQueued() {
        String running = startRun(Map.of("dataset", DATASET, "preset", "tiny-32", "epochs", 500, "batchSize", 16, "seed", 4));
        await().atMost(Duration.ofMinutes(3)).until(() -> metrics()
                .value("toonforge_trainer_images_per_second", "run", running).orElse(0.0) > 0);
        // The runs listed as running (an earlier test class's stored runs included), then the gauge, which counts the
        // same runs: the listing brings this trainer's view up to date with the store.
        List<String> listedRunning = given().get("/api/runs").then().statusCode(200).extract()
                .jsonPath().getList("findAll { it.state == 'running' }.runId");
        PrometheusText training = metrics();
        assertThat(listedRunning).contains(running);
        assertThat(training.value("toonforge_trainer_steps_per_second", "run", running).orElseThrow()).isPositive();
        assertThat(training.value("toonforge_trainer_images_per_second", "run", running).orElseThrow())
                .as("16 images per step").isCloseTo(16 * training.value("toonforge_trainer_steps_per_second", "run",
                        running).orElseThrow(), org.assertj.core.data.Percentage.withPercentage(0.1));
        assertThat(training.value("toonforge_trainer_runs", "state", "running")).contains((double) listedRunning.size());

        double queuedBefore = training.value("toonforge_trainer_queue_depth").orElseThrow();
        String waiting = startRun(Map.of("dataset", DATASET, "preset", "tiny-32", "epochs", 1, "batchSize", 16, "seed", 6));
        assertThat(metrics().value("toonforge_trainer_queue_depth")).contains(queuedBefore + 1);
        given().header("Authorization", TOKEN).post("/api/runs/" + waiting + "/stop").then().statusCode(200);
        assertThat(metrics().value("toonforge_trainer_queue_depth")).contains(queuedBefore);

        given().header("Authorization", TOKEN).post("/api/runs/" + running + "/stop").then().statusCode(200);
        await().atMost(Duration.ofMinutes(1)).until(() -> "stopped".equals(state(running)));
        await().atMost(Duration.ofSeconds(30)).until(() -> metrics()
                .samples("toonforge_trainer_steps_per_second", "run", running).isEmpty());
    }

    @Test
    void theApiIsDescribed() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/runs/{runId}"))
                .body(containsString("Toonforge trainer service"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    private static PrometheusText metrics() {
        return PrometheusText.parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static double increase(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private String startRun(Map<String, Object> body) {
        return given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).post("/api/runs")
                .then().statusCode(201).extract().path("runId");
    }

    private String state(String runId) {
        return given().get("/api/runs/" + runId).then().statusCode(200).extract().path("state");
    }
}
