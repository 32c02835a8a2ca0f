package dev.toonforge.trainer;

import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.ServingChoice;
import dev.toonforge.dcgan.CheckpointFile;
import dev.toonforge.dcgan.Generator;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.PutObjectArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.LongStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Fine-tuning from another run's checkpoint, run labels, and retention that keeps what is served or fine-tuned from;
 * real broker and S3, like {@link TrainingRunTest}.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class FineTuneRunTest {

    private static final String TOKEN = "Bearer test-token-0123456789";
    private static boolean datasetsReady;

    @InjectLocalInfra
    LocalInfra infra;

    @BeforeEach
    void datasets() throws Exception {
        if (datasetsReady) {
            return;
        }
        TestDatasets.discs(infra, "ft-source", 48, 31);
        TestDatasets.discs(infra, "ft-target", 48, 32);
        put(ObjectKeys.datasetManifest("ft-large"), Json.mapper().writeValueAsBytes(
                DatasetManifest.create("ft-large", 64, Instant.now())));
        datasetsReady = true;
    }

    @Test
    void aFineTunedRunStartsFromItsSourceAndRetentionKeepsWhatIsServedOrFineTunedFrom() throws Exception {
        // High learning rates and small batches: the source learns the light background in a few epochs.
        String source = startRun(Map.ofEntries(Map.entry("dataset", "ft-source"), Map.entry("preset", "tiny-32"),
                Map.entry("epochs", 10), Map.entry("batchSize", 8), Map.entry("lrD", 2e-3), Map.entry("lrG", 2e-3),
                Map.entry("seed", 21), Map.entry("keepLastCheckpoints", 2), Map.entry("keepEveryNthCheckpoint", 0),
                Map.entry("name", "source")));
        // The dataset served epoch 1 of the source by pin and went back to the newest: epoch 1 is a rollback target.
        ServingChoice served = ServingChoice.initial("ft-source")
                .choose(ServingChoice.Choice.pinned(source, 1, Instant.now()), Instant.now())
                .choose(ServingChoice.Choice.newest(Instant.now()), Instant.now());
        put(ObjectKeys.modelServed("ft-source"), Json.mapper().writeValueAsBytes(served));

        // Stopped after epoch 4 or so, the source holds a checkpoint to fine-tune from that later epochs would delete.
        await().atMost(Duration.ofMinutes(4)).until(() -> epoch(source) >= 4);
        given().header("Authorization", TOKEN).post("/api/runs/" + source + "/stop").then().statusCode(200);
        await().atMost(Duration.ofMinutes(1)).until(() -> "stopped".equals(state(source)));
        int from = epoch(source);
        assertThat(from).as("the source must stop before its last epochs").isBetween(4, 8);

        String tuned = startRun(Map.of("dataset", "ft-target", "epochs", 1, "batchSize", 16, "seed", 22,
                "initFrom", Map.of("runId", source, "epoch", from)));
        String fresh = startRun(Map.of("dataset", "ft-target", "preset", "tiny-32", "epochs", 1, "batchSize", 16,
                "seed", 22));
        given().header("Authorization", TOKEN).post("/api/runs/" + source + "/resume").then().statusCode(200);
        await().atMost(Duration.ofMinutes(5)).until(() -> "completed".equals(state(tuned))
                && "completed".equals(state(fresh)) && "completed".equals(state(source)));

        // The fine-tuned run: the source's preset, its own counters and hyperparameters, its lineage in run.json.
        given().get("/api/runs/" + tuned).then().statusCode(200)
                .body("preset", equalTo("tiny-32"))
                .body("epoch", equalTo(1))
                .body("step", equalTo(3))
                .body("seed", equalTo(22))
                .body("initFrom.runId", equalTo(source))
                .body("initFrom.epoch", equalTo(from))
                .body("initFrom.optimizerState", equalTo("fresh"));
        given().get("/api/runs/" + fresh).then().statusCode(200).body("initFrom", nullValue());

        // Its first checkpoint generates nearly what the source did; a fresh run's is as far as random weights are.
        Generator sourceG = generator(ObjectKeys.runCheckpoint(source, from));
        INDArray z = sourceG.noise().forSeeds(LongStream.range(0, 16).toArray());
        INDArray expected = sourceG.generate(z);
        double tunedDistance = meanAbsDifference(generator(ObjectKeys.runCheckpoint(tuned, 1)).generate(z), expected);
        double freshDistance = meanAbsDifference(generator(ObjectKeys.runCheckpoint(fresh, 1)).generate(z), expected);
        assertThat(tunedDistance).as("fine-tuned %s vs fresh %s", tunedDistance, freshDistance)
                .isLessThan(freshDistance / 4);

        // keepLast 2, keepEvery 0 of 10 epochs: 9 and 10, plus the rollback target 1 and the fine-tune source.
        assertThat(storedEpochs(source)).containsExactlyElementsOf(new TreeSet<>(List.of(1, from, 9, 10)));
        given().get("/api/runs/" + source).then().body("name", equalTo("source"))
                .body("keepLastCheckpoints", equalTo(2)).body("keepEveryNthCheckpoint", equalTo(0));

        // Bad sources, now that the source's stored epochs are known.
        post(Map.of("dataset", "ft-target", "initFrom", Map.of("runId", source, "epoch", 2)))
                .then().statusCode(400).body("error", allOf(containsString("no stored checkpoint of epoch 2"),
                        containsString("stored epochs: " + new TreeSet<>(List.of(1, from, 9, 10)))));
        post(Map.of("dataset", "ft-target", "preset", "dcgan-64", "initFrom", Map.of("runId", source, "epoch", 10)))
                .then().statusCode(400).body("error", allOf(containsString("tiny-32"), containsString("dcgan-64")));
        post(Map.of("dataset", "ft-large", "initFrom", Map.of("runId", source, "epoch", 10)))
                .then().statusCode(400).body("error", allOf(containsString("32 px"), containsString("64 px")));
    }

    @Test
    void badInitFromIsRefusedWithAReason() {
        String unknown = "ft-source-20260101-000000-beef";
        post(Map.of("dataset", "ft-target", "initFrom", Map.of("runId", unknown, "epoch", 1))).then().statusCode(400)
                .body("error", containsString(unknown));
        post(Map.of("dataset", "ft-target", "initFrom", Map.of("runId", unknown, "epoch", 0))).then().statusCode(400)
                .body("error", containsString("epoch"));
        post(Map.of("dataset", "ft-target", "initFrom", Map.of("runId", unknown, "epoch", 1, "optimizerState", "warm")))
                .then().statusCode(400).body("error", containsString("\"fresh\" or \"carry\""));
        post(Map.of("dataset", "ft-target", "batchSize", 16, "keepLastCheckpoints", 0)).then().statusCode(400)
                .body("error", containsString("keepLastCheckpoints"));
        post(Map.of("dataset", "ft-target", "name", "x".repeat(81))).then().statusCode(400)
                .body("error", containsString("at most 80"));
        given().contentType(ContentType.JSON).body(Map.of("dataset", "ft-target", "initFrom", Map.of("runId", unknown,
                "epoch", 1))).post("/api/runs").then().statusCode(401);
    }

    @Test
    void aRunsNameAndNoteAreSetAtCreationAndEditedWithPatch() {
        String runId = startRun(Map.of("dataset", "ft-target", "preset", "tiny-32", "epochs", 1, "batchSize", 16,
                "name", "  first try  ", "note", "discs only"));
        given().header("Authorization", TOKEN).post("/api/runs/" + runId + "/stop");   // labels need no training
        given().get("/api/runs/" + runId).then().statusCode(200)
                .body("name", equalTo("first try")).body("note", equalTo("discs only"));

        patch(runId, Map.of("note", "better than the last")).then().statusCode(200)
                .body("name", equalTo("first try")).body("note", equalTo("better than the last"));
        patch(runId, "{\"name\":null}").then().statusCode(200).body("name", nullValue());
        given().get("/api/runs").then().statusCode(200);
        given().get("/api/runs/" + runId).then().body("name", nullValue()).body("note", equalTo("better than the last"));

        patch(runId, Map.of("name", "x".repeat(81))).then().statusCode(400).body("error", containsString("at most 80"));
        patch(runId, Map.of("note", "y".repeat(1001))).then().statusCode(400).body("error", containsString("at most 1000"));
        patch(runId, Map.of("name", 42)).then().statusCode(400).body("error", containsString("must be a string"));
        patch(runId, Map.of("epochs", 3)).then().statusCode(400).body("error", containsString("Unknown field"));
        patch("ft-target-20260101-000000-beef", Map.of("name", "x")).then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("name", "x")).patch("/api/runs/" + runId).then().statusCode(401);
        given().get("/api/runs/" + runId).then().body("note", equalTo("better than the last"));
    }

    private io.restassured.response.Response post(Map<String, Object> body) {
        return given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).post("/api/runs");
    }

    private io.restassured.response.Response patch(String runId, Object body) {
        return given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).patch("/api/runs/" + runId);
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

    private List<Integer> storedEpochs(String runId) throws Exception {
        List<Integer> epochs = new ArrayList<>();
        for (Result<Item> r : infra.minioClient().listObjects(ListObjectsArgs.builder().bucket(infra.bucket())
                .prefix(ObjectKeys.runCheckpointsPrefix(runId)).recursive(true).build())) {
            ObjectKeys.epochOf(r.get().objectName()).ifPresent(epochs::add);
        }
        return epochs.stream().sorted().toList();
    }

    private Generator generator(String key) throws Exception {
        try (InputStream in = infra.minioClient().getObject(GetObjectArgs.builder().bucket(infra.bucket()).object(key).build())) {
            return CheckpointFile.readGenerator(new ByteArrayInputStream(in.readAllBytes()));
        }
    }

    private void put(String key, byte[] bytes) throws Exception {
        infra.minioClient().putObject(PutObjectArgs.builder().bucket(infra.bucket()).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }

    private static double meanAbsDifference(INDArray a, INDArray b) {
        return a.sub(b).norm1Number().doubleValue() / a.length();
    }
}
