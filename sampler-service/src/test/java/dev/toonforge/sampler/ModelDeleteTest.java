package dev.toonforge.sampler;

import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.DatasetDeleted;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.RunDeleted;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import io.minio.ListObjectsArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * runs.deleted and datasets.deleted, as the trainer and the ingest service send them (objects removed first, then the
 * event): the sampler stops serving a deleted run, pinned or not, and a deleted dataset, pin included.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class ModelDeleteTest {

    @InjectLocalInfra
    LocalInfra infra;

    @Test
    void aDeletedPinnedRunIsNoLongerServedAndItsDatasetFallsBackToTheNewestRemaining() throws Exception {
        TestCheckpoints.publish(infra, "del-old", "deleting", 1, TestCheckpoints.gan(91));
        TestCheckpoints.publish(infra, "del-new", "deleting", 1, TestCheckpoints.gan(92));
        await().atMost(Duration.ofSeconds(60)).until(() -> runsLoaded("deleting").containsAll(List.of("del-old", "del-new")));
        pin("deleting", "del-old", 1).statusCode(200).body("applied", equalTo(true));
        given().get("/api/samples/deleting/image.png?seed=3").then().statusCode(200)
                .header("X-Toonforge-Checkpoint", "del-old@1");

        // What the trainer does on DELETE /api/runs/del-old?force=true: the objects go, then the event.
        removeRun("del-old");
        TestCheckpoints.sendTo(infra, Topics.RUNS_DELETED, "del-old",
                EventCodec.encode(RunDeleted.of("del-old", "deleting", Instant.now())));
        await().atMost(Duration.ofSeconds(60)).until(() -> !runsLoaded("deleting").contains("del-old"));
        given().get("/api/samples/deleting/image.png?seed=3").then().statusCode(200)
                .header("X-Toonforge-Checkpoint", "del-new@1");
        // The stored choice no longer names the deleted run: the pin became the newest (revision 2), announced.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/api/models/deleting").then()
                .statusCode(200).body("servedAs", equalTo("newest")).body("runId", equalTo("del-new"))
                .body("revision", equalTo(2)).body("choice.mode", equalTo("newest")));
        given().get("/api/samples/deleting/image.png?seed=3&run=del-old").then().statusCode(404);
        given().get("/api/samples/deleting/image.png?seed=3&run=del-old&epoch=1").then().statusCode(404);

        // The last run goes too: the dataset serves nothing; a repeated event changes nothing.
        removeRun("del-new");
        String event = EventCodec.encode(RunDeleted.of("del-new", null, Instant.now()));
        TestCheckpoints.sendTo(infra, Topics.RUNS_DELETED, "del-new", event);
        TestCheckpoints.sendTo(infra, Topics.RUNS_DELETED, "del-new", event);
        await().atMost(Duration.ofSeconds(60)).until(() -> SamplingTest.servedEpoch("deleting") == -1);
        assertThat(runsLoaded("deleting")).isEmpty();
        given().get("/api/samples/deleting/image.png?seed=3").then().statusCode(404);
    }

    @Test
    void aDeletedDatasetServesNothingAndItsNameStartsAfreshWithoutThePin() throws Exception {
        TestCheckpoints.publish(infra, "gone-run", "gone-ds", 1, TestCheckpoints.gan(93));
        TestCheckpoints.publish(infra, "gone-run", "gone-ds", 2, TestCheckpoints.gan(94));
        await().atMost(Duration.ofSeconds(60)).until(() -> SamplingTest.servedEpoch("gone-ds") == 2);
        pin("gone-ds", "gone-run", 1).statusCode(200).body("revision", equalTo(1)).body("applied", equalTo(true));
        pin("gone-ds", "gone-run", 2).statusCode(200).body("revision", equalTo(2));

        // What the ingest service does on DELETE /api/datasets/gone-ds: the stored choices go, then the event.
        for (int revision = 1; revision <= 2; revision++) {
            infra.minioClient().removeObject(RemoveObjectArgs.builder().bucket(infra.bucket())
                    .object(ObjectKeys.modelServedRevision("gone-ds", revision)).build());
        }
        TestCheckpoints.sendTo(infra, Topics.DATASETS_DELETED, "gone-ds",
                EventCodec.encode(DatasetDeleted.of("gone-ds", Instant.now())));
        await().atMost(Duration.ofSeconds(60)).until(() -> SamplingTest.servedEpoch("gone-ds") == -1);
        assertThat(runsLoaded("gone-ds")).isEmpty();
        given().get("/api/samples/gone-ds/image.png?seed=3").then().statusCode(404);

        // A new dataset of the same name: its first checkpoint serves, and its first pin is revision 1 again.
        TestCheckpoints.publish(infra, "reborn-run", "gone-ds", 1, TestCheckpoints.gan(95));
        await().atMost(Duration.ofSeconds(60)).until(() -> SamplingTest.servedEpoch("gone-ds") == 1);
        given().get("/api/models/gone-ds").then().statusCode(200).body("servedAs", equalTo("newest"))
                .body("runId", equalTo("reborn-run"));
        pin("gone-ds", "reborn-run", 1).statusCode(200).body("revision", equalTo(1)).body("applied", equalTo(true));
        given().get("/api/samples/gone-ds/image.png?seed=3").then().statusCode(200)
                .header("X-Toonforge-Checkpoint", "reborn-run@1");
    }

    private void removeRun(String runId) throws Exception {
        for (Result<Item> r : infra.minioClient().listObjects(ListObjectsArgs.builder().bucket(infra.bucket())
                .prefix(ObjectKeys.runPrefix(runId)).recursive(true).build())) {
            infra.minioClient().removeObject(RemoveObjectArgs.builder().bucket(infra.bucket())
                    .object(r.get().objectName()).build());
        }
    }

    private static List<String> runsLoaded(String dataset) {
        return given().get("/api/models").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.dataset == '" + dataset + "' }.runId", String.class);
    }

    private static ValidatableResponse pin(String dataset, String runId, int epoch) {
        return given().header("Authorization", "Bearer " + LocalInfraTestResource.API_TOKEN)
                .contentType("application/json").body("{\"runId\":\"" + runId + "\",\"epoch\":" + epoch + "}")
                .put("/api/models/" + dataset).then();
    }
}
