package dev.toonforge.trainer;

import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ImageIngested;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import dev.toonforge.trainer.ownership.OwnerGenerations;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class TrainingRunTest {

    private static final String TOKEN = "Bearer test-token-0123456789";
    private static boolean datasetReady;

    @InjectLocalInfra
    LocalInfra infra;

    @Inject
    OwnerGenerations owners;

    @BeforeEach
    void dataset() throws Exception {
        if (datasetReady) {
            return;
        }
        // An image whose event has a future schema version: the consumer must skip the event, not crash, and the
        // image still belongs to the dataset, because membership is the bucket's listing.
        List<String> unannounced = TestDatasets.discs(infra, "future", 1, 2);
        TestDatasets.put(infra, "discs", object(ObjectKeys.datasetImage("future", unannounced.get(0))));
        String future = EventCodec.encode(ImageIngested.of("discs", unannounced.get(0), "future.png", 32, 1, Instant.now()))
                .replace("\"schemaVersion\":1", "\"schemaVersion\":2");
        TestDatasets.send(infra, "discs", List.of(future));
        TestDatasets.discs(infra, "discs", 47, 1);
        // An object that is not an image, announced like any other: the run must skip it.
        String corrupt = TestDatasets.put(infra, "discs", "this is not a png".getBytes(StandardCharsets.UTF_8));
        TestDatasets.send(infra, "discs", List.of(EventCodec.encode(
                ImageIngested.of("discs", corrupt, "corrupt.png", 32, 17, Instant.now()))));
        datasetReady = true;
    }

    @Test
    void aTwoEpochRunLeavesGridsCheckpointsMetricsAndEvents() throws Exception {
        String runId = startRun(Map.of("dataset", "discs", "preset", "tiny-32", "epochs", 2, "batchSize", 16, "seed", 7));

        await().atMost(Duration.ofMinutes(4)).until(() -> "completed".equals(state(runId)));

        List<String> keys = keys(ObjectKeys.runPrefix(runId));
        assertThat(keys).contains(ObjectKeys.runSample(runId, 1), ObjectKeys.runSample(runId, 2),
                ObjectKeys.runCheckpoint(runId, 1), ObjectKeys.runCheckpoint(runId, 2), ObjectKeys.runMetrics(runId),
                ObjectKeys.runLatest(runId), ObjectKeys.runManifest(runId));
        BufferedImage grid = ImageIO.read(new ByteArrayInputStream(object(ObjectKeys.runSample(runId, 2))));
        assertThat(grid.getWidth()).as("8 columns of 32 px with 2 px gaps").isEqualTo(2 + 8 * 34);
        // 47 announced discs and the one whose event was skipped are 48 readable images (the corrupt one is left
        // out): in batches of 16, 3 steps per epoch. Without the unannounced disc it would be 2.
        String[] metrics = new String(object(ObjectKeys.runMetrics(runId)), StandardCharsets.UTF_8).split("\n");
        assertThat(metrics).hasSize(6);
        CheckpointPublished latest = Json.mapper().readValue(object(ObjectKeys.runLatest(runId)), CheckpointPublished.class);
        assertThat(latest.epoch()).isEqualTo(2);
        assertThat(latest.step()).isEqualTo(6);
        assertThat(keys).contains(latest.checkpointKey(), latest.sampleKey());

        List<CheckpointPublished> events = checkpointEvents(runId, 2);
        assertThat(events).extracting(CheckpointPublished::epoch).containsExactly(1, 2);
        assertThat(events.get(1)).as("latest.json is the newest checkpoint event").isEqualTo(latest);
        assertThat(events).extracting(CheckpointPublished::checkpointKey)
                .containsExactly(ObjectKeys.runCheckpoint(runId, 1), ObjectKeys.runCheckpoint(runId, 2));
        given().get("/api/runs/" + runId).then().statusCode(200)
                .body("epoch", org.hamcrest.Matchers.equalTo(2))
                .body("backend", containsString("CPU"));
    }

    @Test
    void aRunStopsAndResumesThroughTheApiWithItsEpochCounter() {
        String runId = startRun(Map.of("dataset", "discs", "preset", "tiny-32", "epochs", 200, "batchSize", 16, "seed", 8));
        await().atMost(Duration.ofMinutes(3)).until(() -> epoch(runId) >= 1);

        given().header("Authorization", TOKEN).post("/api/runs/" + runId + "/stop").then().statusCode(200);
        await().atMost(Duration.ofMinutes(1)).until(() -> "stopped".equals(state(runId)));
        int stoppedAt = epoch(runId);

        given().header("Authorization", TOKEN).post("/api/runs/" + runId + "/resume").then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("queued"));
        await().atMost(Duration.ofMinutes(3)).until(() -> epoch(runId) > stoppedAt);
        given().header("Authorization", TOKEN).post("/api/runs/" + runId + "/stop").then().statusCode(200);
        await().atMost(Duration.ofMinutes(1)).until(() -> "stopped".equals(state(runId)));

        given().header("Authorization", TOKEN).post("/api/runs/" + runId + "/stop").then().statusCode(409);
    }

    @Test
    void aRunPausesWhileTheObjectStoreIsAwayAndCarriesOn() {
        String runId = startRun(Map.of("dataset", "discs", "preset", "tiny-32", "epochs", 200, "batchSize", 16, "seed", 9));
        await().atMost(Duration.ofMinutes(3)).until(() -> epoch(runId) >= 1);

        infra.s3().stop();
        try {
            // 20 s without S3: the run must neither fail nor pretend to finish epochs.
            int epochWhenS3Stopped = epoch(runId);
            await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(25))
                    .until(() -> "running".equals(state(runId)) && epoch(runId) <= epochWhenS3Stopped + 1);
        } finally {
            infra.s3().start();
        }
        int epochAfterOutage = epoch(runId);
        await().atMost(Duration.ofMinutes(3)).until(() -> epoch(runId) > epochAfterOutage);
        assertThat(state(runId)).isEqualTo("running");
        given().header("Authorization", TOKEN).post("/api/runs/" + runId + "/stop").then().statusCode(200);
        await().atMost(Duration.ofMinutes(1)).until(() -> "stopped".equals(state(runId)));
    }

    @Test
    void theOwnerFenceWaitsOutAnOutageOfTheStore() {
        String runId = "fence-20261204-130000-0001";
        long generation = owners.claim(runId, "trainer-cpu-fence");

        infra.s3().stop();
        CompletableFuture<Void> fence;
        try {
            fence = CompletableFuture.runAsync(() -> owners.requireCurrent(runId, generation));
            // Without its retries the fence fails at once (connection refused), and a publishing run with it.
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> !fence.isDone());
        } finally {
            infra.s3().start();
        }
        await().atMost(Duration.ofMinutes(1)).until(fence::isDone);
        assertThat(fence).isCompleted();
    }

    @Test
    void badRequestsGetAReasonAndWritesNeedTheToken() {
        given().contentType(ContentType.JSON).body(Map.of("dataset", "discs")).post("/api/runs").then().statusCode(401);
        post(Map.of("dataset", "nope")).then().statusCode(400).body("error", containsString("does not exist"));
        post(Map.of("dataset", "discs", "preset", "huge-512")).then().statusCode(400).body("error", containsString("Unknown preset"));
        post(Map.of("dataset", "discs", "preset", "seed-128")).then().statusCode(400).body("error", containsString("32 px"));
        post(Map.of("dataset", "discs", "preset", "tiny-32", "batchSize", 64)).then().statusCode(400)
                .body("error", containsString("needs at least 64"));
        post(Map.of("dataset", "../runs")).then().statusCode(400);
        given().get("/api/runs/no-such-run").then().statusCode(404);
    }

    @Test
    void browsersMayCallTheApiFromTheGalleryOnly() {
        given().header("Origin", "http://localhost:8080").header("Access-Control-Request-Method", "POST")
                .options("/api/runs").then()
                .header("Access-Control-Allow-Origin", "http://localhost:8080");
        given().header("Origin", "http://evil.example").get("/api/runs").then()
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }

    private io.restassured.response.Response post(Map<String, Object> body) {
        return given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).post("/api/runs");
    }

    private String startRun(Map<String, Object> body) {
        return post(body).then().statusCode(201).extract().path("runId");
    }

    private String state(String runId) {
        return given().get("/api/runs/" + runId).then().statusCode(200).extract().path("state");
    }

    private int epoch(String runId) {
        return given().get("/api/runs/" + runId).then().statusCode(200).extract().path("epoch");
    }

    private List<String> keys(String prefix) throws Exception {
        return BucketAndTopics.keys(infra, prefix);
    }

    private byte[] object(String key) throws Exception {
        return BucketAndTopics.object(infra, key);
    }

    private List<CheckpointPublished> checkpointEvents(String runId, int expected) {
        return BucketAndTopics.events(infra, Topics.CHECKPOINTS_PUBLISHED, runId, CheckpointPublished.class, expected);
    }
}
