package dev.toonforge.trainer;

import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import io.minio.ListObjectsArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A bucket written by earlier releases ({@link OlderBucket}) keeps working when this trainer starts on it. */
@QuarkusTest
@QuarkusTestResource(value = OlderBucket.class, restrictToAnnotatedClass = true)
class OlderBucketTest {

    private static final String TOKEN = "Bearer test-token-0123456789";

    @InjectLocalInfra
    LocalInfra infra;

    @Test
    void theRunThatWasTrainingResumesAndFinishesFromItsCheckpoint() throws Exception {
        await().atMost(Duration.ofMinutes(3)).until(() -> "completed".equals(run().extract().path("state")));

        run().body("runId", equalTo(OlderBucket.RUN_ID))
                .body("dataset", equalTo(OlderBucket.DATASET))
                .body("batchSize", equalTo(OlderBucket.BATCH))
                .body("epochs", equalTo(2))
                .body("epoch", equalTo(2))
                .body("step", equalTo(6))
                .body("backend", containsString("CPU"))
                .body("createdAt", equalTo("2026-11-27T10:15:30Z"));
        CheckpointPublished latest = Json.mapper().readValue(object(ObjectKeys.runLatest(OlderBucket.RUN_ID)),
                CheckpointPublished.class);
        assertThat(latest.epoch()).isEqualTo(2);
        assertThat(latest.totalEpochs()).isEqualTo(2);
        String metrics = new String(object(ObjectKeys.runMetrics(OlderBucket.RUN_ID)));
        assertThat(metrics.lines()).as("three steps of epoch 1 kept, three of epoch 2 added").hasSize(6);
    }

    @Test
    void theOlderTrainersDatasetIndexIsRemovedAndTheListingCountsInstead() {
        await().atMost(Duration.ofMinutes(1)).until(() -> !infra.minioClient().listObjects(ListObjectsArgs.builder()
                .bucket(infra.bucket()).prefix(ObjectKeys.LEGACY_TRAINER_PREFIX).recursive(true).build()).iterator().hasNext());

        post(Map.of("dataset", OlderBucket.DATASET, "batchSize", OlderBucket.IMAGES + 1, "epochs", 1)).then().statusCode(400)
                .body("error", containsString("has " + OlderBucket.IMAGES + " images"));
        String runId = post(Map.of("dataset", OlderBucket.DATASET, "batchSize", OlderBucket.IMAGES, "epochs", 1))
                .then().statusCode(201).extract().path("runId");
        given().header("Authorization", TOKEN).post("/api/runs/" + runId + "/stop").then().statusCode(200);
        await().atMost(Duration.ofMinutes(1)).until(() -> "stopped".equals(
                given().get("/api/runs/" + runId).then().statusCode(200).extract().path("state")));
    }

    private static io.restassured.response.ValidatableResponse run() {
        return given().get("/api/runs/" + OlderBucket.RUN_ID).then().statusCode(200);
    }

    private static io.restassured.response.Response post(Map<String, Object> body) {
        return given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).post("/api/runs");
    }

    private byte[] object(String key) throws Exception {
        return BucketAndTopics.object(infra, key);
    }
}
