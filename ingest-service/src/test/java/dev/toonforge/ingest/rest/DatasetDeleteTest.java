package dev.toonforge.ingest.rest;

import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.DatasetDeleted;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import dev.toonforge.ingest.testing.TestFiles;
import dev.toonforge.infra.testing.TopicReader;
import dev.toonforge.ingest.testing.Uploads;
import io.minio.ListObjectsArgs;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.toonforge.ingest.testing.Uploads.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** DELETE /api/datasets/{name}: refused while a run trains on it; otherwise every object goes, and the name starts afresh. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class DatasetDeleteTest {

    @InjectLocalInfra
    LocalInfra infra;

    private TopicReader datasetsDeleted;
    private final List<String> seeded = new ArrayList<>();

    @BeforeEach
    void readers() {
        datasetsDeleted = new TopicReader(infra.kafka().bootstrapServers(), Topics.DATASETS_DELETED);
    }

    @AfterEach
    void close() throws Exception {
        datasetsDeleted.close();
        for (String key : seeded) {
            infra.minioClient().removeObject(RemoveObjectArgs.builder().bucket(infra.bucket()).object(key).build());
        }
    }

    @Test
    void aDatasetIsRefusedWhileARunTrainsOnItAndOtherwiseGoesEntirely() throws Exception {
        String dataset = Uploads.newDataset("doomed");
        String other = Uploads.newDataset("other");
        byte[] a = TestFiles.png(64, 64, 1);
        byte[] b = TestFiles.png(64, 64, 2);
        upload(dataset, "?size=32", "a.png", a, "b.png", b).statusCode(200).body("accepted", hasSize(2));
        upload(other, "?size=32", "a.png", a).statusCode(200).body("accepted", hasSize(1));
        put(ObjectKeys.modelServed(dataset), "{\"schemaVersion\":1,\"dataset\":\"" + dataset + "\",\"revision\":1,"
                + "\"current\":{\"mode\":\"pinned\",\"runId\":\"" + dataset + "-run\",\"epoch\":1},\"previous\":[]}");
        List<String> otherKeys = keys(ObjectKeys.datasetPrefix(other));

        // A running run of the dataset, and a running run of another: only the first blocks the delete.
        put(ObjectKeys.runManifest(dataset + "-run"), runJson(dataset + "-run", dataset, "running"));
        put(ObjectKeys.runManifest(other + "-run"), runJson(other + "-run", other, "running"));
        delete(dataset).statusCode(409).body("error", containsString(dataset + "-run (running)"))
                .body("error", containsString("Nothing was deleted"));
        put(ObjectKeys.runManifest(dataset + "-run"), runJson(dataset + "-run", dataset, "queued"));
        delete(dataset).statusCode(409).body("error", containsString("(queued)"));
        // dataset.json, two images and their two announcement records
        assertThat(keys(ObjectKeys.datasetPrefix(dataset))).hasSize(5);
        given().get("/api/datasets/" + dataset).then().statusCode(200);

        // Stopped: the delete goes through.
        put(ObjectKeys.runManifest(dataset + "-run"), runJson(dataset + "-run", dataset, "stopped"));
        delete(dataset).statusCode(200).body("dataset", equalTo(dataset)).body("objectsRemoved", equalTo(6))
                .body("alreadyGone", equalTo(false));
        assertThat(keys(ObjectKeys.datasetPrefix(dataset))).isEmpty();
        assertThat(keys(ObjectKeys.modelServed(dataset))).isEmpty();
        given().get("/api/datasets/" + dataset).then().statusCode(404);
        given().get("/api/datasets/" + dataset + "/images").then().statusCode(404);
        given().get("/api/datasets").then().statusCode(200).body("findAll { it.dataset == '" + dataset + "' }", hasSize(0));
        assertThat(keys(ObjectKeys.datasetPrefix(other))).containsExactlyInAnyOrderElementsOf(otherKeys);
        assertThat(keys(ObjectKeys.runManifest(dataset + "-run"))).as("runs are the trainer's").hasSize(1);

        List<DatasetDeleted> events = events(dataset);
        assertThat(events).hasSize(1);
        assertThat(events.get(0).dataset()).isEqualTo(dataset);

        // A repeat is accepted and announces again.
        delete(dataset).statusCode(200).body("alreadyGone", equalTo(true)).body("objectsRemoved", equalTo(0));
        assertThat(events(dataset)).hasSize(2);

        // The same name starts a fresh dataset: another size, the same pictures accepted as new.
        upload(dataset, "?size=64", "a.png", a, "b.png", b).statusCode(200).body("imageSize", equalTo(64))
                .body("accepted", hasSize(2)).body("duplicates", hasSize(0)).body("imageCount", equalTo(2));
        given().get("/api/datasets/" + dataset).then().statusCode(200).body("imageCount", equalTo(2))
                .body("imageSize", equalTo(64));
    }

    @Test
    void aDeleteKafkaDoesNotConfirmAnswers503AndItsRepeatAnnounces() throws Exception {
        String dataset = Uploads.newDataset("unannounced");
        upload(dataset, "?size=32", "a.png", TestFiles.png(64, 64, 7)).statusCode(200);
        infra.kafka().stop();
        try {
            delete(dataset).statusCode(503).body("error", containsString("its objects are gone"))
                    .body("error", containsString("Repeat the DELETE"));
        } finally {
            infra.kafka().start();
        }
        assertThat(keys(ObjectKeys.datasetPrefix(dataset))).isEmpty();
        given().get("/api/datasets/" + dataset).then().statusCode(404);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                delete(dataset).statusCode(200).body("alreadyGone", equalTo(true)));
        try (TopicReader reader = new TopicReader(infra.kafka().bootstrapServers(), Topics.DATASETS_DELETED)) {
            assertThat(reader.valuesFor(dataset)).isNotEmpty();
        }
    }

    @Test
    void deletesNeedTheTokenAKnownDatasetAndAValidName() {
        given().delete("/api/datasets/anything").then().statusCode(401);
        given().header("Authorization", "Bearer wrong-token-0123456789").delete("/api/datasets/anything").then()
                .statusCode(401);
        delete(Uploads.newDataset("never")).statusCode(404).body("error", containsString("no dataset"));
        delete("Bad_Name").statusCode(400);
    }

    private io.restassured.response.ValidatableResponse delete(String dataset) {
        return Uploads.authorized().delete("/api/datasets/" + dataset).then();
    }

    private List<DatasetDeleted> events(String dataset) {
        return datasetsDeleted.valuesFor(dataset).stream()
                .map(json -> EventCodec.tryDecode(json, DatasetDeleted.class, "test").orElseThrow()).toList();
    }

    /** A run.json as the trainer writes it (flat: configuration and progress unwrapped). */
    private static String runJson(String runId, String dataset, String state) {
        return "{\"schemaVersion\":1,\"runId\":\"" + runId + "\",\"dataset\":\"" + dataset + "\",\"preset\":\"tiny-32\","
                + "\"imageSize\":32,\"epochs\":2,\"seed\":1,\"batchSize\":16,\"learningRateD\":2.0E-4,"
                + "\"learningRateG\":2.0E-4,\"beta1\":0.5,\"instanceNoiseStd\":0.05,\"state\":\"" + state + "\","
                + "\"epoch\":0,\"step\":0,\"createdAt\":\"2026-12-01T10:00:00Z\",\"updatedAt\":\"2026-12-01T10:00:00Z\"}";
    }

    private void put(String key, String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        infra.minioClient().putObject(PutObjectArgs.builder().bucket(infra.bucket()).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType("application/json").build());
        if (key.startsWith(ObjectKeys.RUNS_PREFIX)) {
            seeded.add(key);
        }
    }

    private List<String> keys(String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> r : infra.minioClient().listObjects(ListObjectsArgs.builder().bucket(infra.bucket())
                .prefix(prefix).recursive(true).build())) {
            keys.add(r.get().objectName());
        }
        return keys;
    }
}
