package dev.toonforge.trainer;

import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.events.RunDeleted;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.ServingChoice;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** DELETE /api/runs/{id}: stops a training run first, removes only its own objects, refuses a pinned run unless forced. */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class RunDeleteTest {

    private static final String TOKEN = "Bearer test-token-0123456789";
    private static boolean datasetReady;

    @InjectLocalInfra
    LocalInfra infra;

    @BeforeEach
    void dataset() throws Exception {
        if (!datasetReady) {
            TestDatasets.discs(infra, "deletable", 48, 3);
            datasetReady = true;
        }
    }

    @Test
    void deletesRacingATrainingStepLoseNothingElse() throws Exception {
        String done = startRun(1, 21);
        await().atMost(Duration.ofMinutes(3)).until(() -> "completed".equals(state(done)));
        String training = startRun(200, 22);
        String queued = startRun(200, 23);
        await().atMost(Duration.ofMinutes(3)).until(() -> epoch(training) >= 1);
        assertThat(state(queued)).isEqualTo("queued");
        List<String> doneKeys = keys(ObjectKeys.runPrefix(done));
        List<String> datasetKeys = keys(ObjectKeys.datasetPrefix("deletable"));
        assertThat(doneKeys).contains(ObjectKeys.runCheckpoint(done, 1), ObjectKeys.runManifest(done));

        // A queued run is dropped without waiting for the run ahead of it.
        delete(queued).then().statusCode(200).body("stopped", equalTo(true)).body("alreadyGone", equalTo(false));
        assertThat(keys(ObjectKeys.runPrefix(queued))).isEmpty();
        assertThat(state(training)).isEqualTo("running");

        // The training run stops after its step; the answer comes once the training thread has left it.
        delete(training).then().statusCode(200).body("stopped", equalTo(true)).body("dataset", equalTo("deletable"));
        assertThat(keys(ObjectKeys.runPrefix(training))).isEmpty();
        given().get("/api/runs/" + training).then().statusCode(404);
        given().header("Authorization", TOKEN).post("/api/runs/" + training + "/resume").then().statusCode(404);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> keys(ObjectKeys.runPrefix(training)).isEmpty());

        assertThat(keys(ObjectKeys.runPrefix(done))).containsExactlyInAnyOrderElementsOf(doneKeys);
        assertThat(keys(ObjectKeys.datasetPrefix("deletable"))).containsExactlyInAnyOrderElementsOf(datasetKeys);
        assertThat(state(done)).isEqualTo("completed");

        // Announced after the objects are gone; a repeat is accepted and announces again.
        delete(training).then().statusCode(200).body("alreadyGone", equalTo(true));
        List<RunDeleted> events = deletedEvents(training, 2);
        assertThat(events).extracting(RunDeleted::runId).containsOnly(training);
        assertThat(events.get(0).dataset()).isEqualTo("deletable");
        assertThat(deletedEvents(queued, 1)).hasSize(1);

        // The trainer still trains the dataset afterwards.
        String again = startRun(1, 24);
        await().atMost(Duration.ofMinutes(3)).until(() -> "completed".equals(state(again)));
    }

    @Test
    void aRunItsDatasetServesByPinIsDeletedOnlyWhenForced() throws Exception {
        String pinned = startRun(1, 31);
        await().atMost(Duration.ofMinutes(3)).until(() -> "completed".equals(state(pinned)));
        Instant now = Instant.now();
        ServingChoice choice = ServingChoice.initial("deletable").choose(ServingChoice.Choice.pinned(pinned, 1, now), now);
        byte[] json = Json.mapper().writeValueAsBytes(choice);
        infra.minioClient().putObject(PutObjectArgs.builder().bucket(infra.bucket()).object(ObjectKeys.modelServed("deletable"))
                .stream(new ByteArrayInputStream(json), json.length, -1).build());
        try {
            delete(pinned).then().statusCode(409).body("error", containsString("serves run " + pinned + " epoch 1 by pin"))
                    .body("error", containsString("force=true"));
            assertThat(keys(ObjectKeys.runPrefix(pinned))).contains(ObjectKeys.runCheckpoint(pinned, 1));
            given().get("/api/runs/" + pinned).then().statusCode(200);

            given().header("Authorization", TOKEN).delete("/api/runs/" + pinned + "?force=true").then().statusCode(200)
                    .body("stopped", equalTo(false));
            assertThat(keys(ObjectKeys.runPrefix(pinned))).isEmpty();
            given().get("/api/runs/" + pinned).then().statusCode(404);
            assertThat(deletedEvents(pinned, 1)).hasSize(1);
        } finally {
            infra.minioClient().removeObject(io.minio.RemoveObjectArgs.builder().bucket(infra.bucket())
                    .object(ObjectKeys.modelServed("deletable")).build());
        }
    }

    @Test
    void aDeleteKafkaDoesNotConfirmAnswers503AndItsRepeatAnnounces() throws Exception {
        String run = startRun(1, 41);
        await().atMost(Duration.ofMinutes(3)).until(() -> "completed".equals(state(run)));
        infra.kafka().stop();
        try {
            delete(run).then().statusCode(503).body("error", containsString("objects are gone"))
                    .body("error", containsString("Repeat the DELETE"));
        } finally {
            infra.kafka().start();
        }
        assertThat(keys(ObjectKeys.runPrefix(run))).isEmpty();
        given().get("/api/runs/" + run).then().statusCode(404);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                delete(run).then().statusCode(200).body("alreadyGone", equalTo(true)));
        assertThat(deletedEvents(run, 1)).isNotEmpty();
    }

    @Test
    void deletesNeedTheTokenAndAKnownValidRun() {
        given().delete("/api/runs/some-run").then().statusCode(401);
        given().header("Authorization", "Bearer wrong-token-0123456789").delete("/api/runs/some-run").then().statusCode(401);
        delete("no-such-run").then().statusCode(404).body("error", containsString("no-such-run"));
        delete("Bad_Run").then().statusCode(400);
    }

    private io.restassured.response.Response delete(String runId) {
        return given().header("Authorization", TOKEN).delete("/api/runs/" + runId);
    }

    private String startRun(int epochs, int seed) {
        return given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("dataset", "deletable", "preset", "tiny-32", "epochs", epochs, "batchSize", 16, "seed", seed))
                .post("/api/runs").then().statusCode(201).extract().path("runId");
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

    private List<RunDeleted> deletedEvents(String runId, int expected) {
        return BucketAndTopics.events(infra, Topics.RUNS_DELETED, runId, RunDeleted.class, expected);
    }
}
