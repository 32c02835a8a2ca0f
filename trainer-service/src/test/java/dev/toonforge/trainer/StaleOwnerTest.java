package dev.toonforge.trainer;

import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import dev.toonforge.trainer.ownership.OwnerGenerations;
import dev.toonforge.trainer.service.TrainingWorker;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A trainer whose run was taken over behind its back (another trainer created a newer owner generation, as it does when
 * this one was silent past the failover time) stores no further checkpoint: its next checkpoint and latest.json are
 * refused, the turn leaves the run, and the run stays running in run.json for its new owner.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class StaleOwnerTest {

    private static final String TOKEN = "Bearer test-token-0123456789";

    @InjectLocalInfra
    LocalInfra infra;

    @Inject
    OwnerGenerations owners;

    @Inject
    TrainingWorker worker;

    @Test
    void aStaleOwnersCheckpointWritesAreRefused() throws Exception {
        TestDatasets.discs(infra, "stale", 48, 3);
        String runId = given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("dataset", "stale", "preset", "tiny-32", "epochs", 200, "batchSize", 16, "seed", 41))
                .post("/api/runs").then().statusCode(201).extract().path("runId");
        await().atMost(Duration.ofMinutes(3)).until(() -> latestEpoch(runId) >= 1);
        assertThat(owners.highest(runId)).isEqualTo(1);

        long newer = owners.claim(runId, "trainer-cpu-elsewhere");
        int epochAtTakeover = latestEpoch(runId);

        // The turn finds the newer generation at its next checkpoint and leaves the run without failing or stopping it.
        await().atMost(Duration.ofMinutes(2)).until(() -> !worker.holds(runId));
        int epochAfter = latestEpoch(runId);
        assertThat(epochAfter).as("at most the epoch whose storing had begun").isLessThanOrEqualTo(epochAtTakeover + 1);
        assertThat(BucketAndTopics.keys(infra, ObjectKeys.runCheckpointsPrefix(runId)))
                .noneMatch(key -> ObjectKeys.epochOf(key).orElseThrow() > epochAfter + 1);
        assertThat(owners.highest(runId)).isEqualTo(newer);
        given().get("/api/runs/" + runId).then().statusCode(200).body("state", equalTo("running"));

        // Deleting it stops it through its partition's owner (this trainer, which does not train it) first.
        given().header("Authorization", TOKEN).delete("/api/runs/" + runId).then().statusCode(200)
                .body("stopped", equalTo(true));
        given().get("/api/runs/" + runId).then().statusCode(404);
    }

    private int latestEpoch(String runId) throws Exception {
        if (BucketAndTopics.keys(infra, ObjectKeys.runLatest(runId)).isEmpty()) {
            return 0;
        }
        return Json.mapper().readValue(BucketAndTopics.object(infra, ObjectKeys.runLatest(runId)), CheckpointPublished.class)
                .epoch();
    }
}
