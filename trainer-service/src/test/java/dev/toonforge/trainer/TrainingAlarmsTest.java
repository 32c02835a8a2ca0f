package dev.toonforge.trainer;

import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.TrainingAlarm;
import dev.toonforge.contracts.storage.AlarmKind;
import dev.toonforge.contracts.storage.EpochScore;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.RunAlarm;
import dev.toonforge.dcgan.Augmentation;
import dev.toonforge.dcgan.CheckpointFile;
import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The run options (generator average, augmentation, alarm actions) through the API into training, the quality score
 * per epoch, and a divergence that fails a run; real broker and S3, like {@link TrainingRunTest}.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class TrainingAlarmsTest {

    private static final String TOKEN = "Bearer test-token-0123456789";
    private static boolean datasetsReady;

    @InjectLocalInfra
    LocalInfra infra;

    @BeforeEach
    void datasets() throws Exception {
        if (datasetsReady) {
            return;
        }
        TestDatasets.discs(infra, "options", 48, 41);
        TestDatasets.discs(infra, "diverge", 16, 42);
        datasetsReady = true;
    }

    @Test
    void theTrainingOptionsGoFromTheRequestIntoRunJsonAndTheCheckpointAndEachEpochIsScored() throws Exception {
        String runId = startRun(Map.of("dataset", "options", "preset", "tiny-32", "epochs", 2, "batchSize", 16,
                "seed", 3, "emaDecay", 0.99, "augment", List.of("translation", "color", "cutout"),
                "onAlarm", Map.of("collapse", "stop")));

        await().atMost(Duration.ofMinutes(4)).until(() -> "completed".equals(run(runId).getString("state")));

        JsonPath run = run(runId);
        assertThat(run.getDouble("emaDecay")).isEqualTo(0.99);
        assertThat(run.getList("augment", String.class)).containsExactly("translation", "color", "cutout");
        assertThat(run.getString("onAlarm.collapse")).isEqualTo("stop");
        assertThat(run.getString("onAlarm.discriminatorWins")).as("left out: warn").isEqualTo("warn");
        Dcgan stored = CheckpointFile.readState(new ByteArrayInputStream(
                BucketAndTopics.object(infra, ObjectKeys.runCheckpoint(runId, 2))));
        assertThat(stored.config().emaDecay()).isEqualTo(0.99);
        assertThat(stored.config().augment())
                .isEqualTo(EnumSet.of(Augmentation.TRANSLATION, Augmentation.COLOR, Augmentation.CUTOUT));

        // Scores: the first epoch is measured, so is the last; each is in scores.jsonl and in GET /api/runs/{id}.
        List<EpochScore> scores = Arrays.stream(new String(BucketAndTopics.object(infra, ObjectKeys.runScores(runId)),
                        StandardCharsets.UTF_8).split("\n"))
                .map(line -> read(line, EpochScore.class)).toList();
        assertThat(scores).extracting(EpochScore::epoch).containsExactly(1, 2);
        assertThat(scores).allSatisfy(s -> {
            assertThat(s.swd()).isPositive().isFinite();
            assertThat(s.diversity()).isPositive().isFinite();
            assertThat(s.seconds()).isPositive();
        });
        assertThat(scores.get(1).step()).isEqualTo(6);
        assertThat(run.getList("scores.epoch", Integer.class)).containsExactly(1, 2);
        assertThat(run.getDouble("lastScore")).isCloseTo((float) scores.get(1).swd(), within(1e-3));
        int best = scores.get(0).swd() <= scores.get(1).swd() ? 1 : 2;
        assertThat(run.getInt("bestEpoch")).isEqualTo(best);
        assertThat(run.getInt("scoreEveryEpochs")).isPositive();
    }

    @Test
    void badOptionsAreRefusedNamingTheField() {
        post(Map.of("dataset", "options", "batchSize", 16, "emaDecay", 0.5)).then().statusCode(400)
                .body("error", containsString("emaDecay must be 0 (off) or in [0.9, 1)"));
        post(Map.of("dataset", "options", "batchSize", 16, "augment", List.of("flip", "mixup"))).then().statusCode(400)
                .body("error", containsString("\"mixup\" is not one of them"));
        post(Map.of("dataset", "options", "batchSize", 16, "onAlarm", Map.of("collapse", "ignore"))).then()
                .statusCode(400).body("error", containsString("onAlarm.collapse must be \"warn\" or \"stop\""));
    }

    @Test
    void aRunThatDivergesFailsKeepsItsLastGoodCheckpointAndIsNeverPublishedAgain() throws Exception {
        // One step per epoch (16 images, batch 16). A generator learning rate of 1e30 moves each of G's weights by
        // about 1e30 in the first step, which stays finite; the next step's generated images are not numbers.
        String runId = startRun(Map.of("dataset", "diverge", "preset", "tiny-32", "epochs", 20, "batchSize", 16,
                "seed", 4, "lrD", 2e-4, "lrG", 1e30));

        await().atMost(Duration.ofMinutes(3)).until(() -> "failed".equals(run(runId).getString("state")));

        JsonPath run = run(runId);
        int diverged = run.getInt("alarms[0].epoch");
        int good = diverged - 1;
        assertThat(good).as("an epoch was stored before the divergence").isPositive();
        assertThat(run.getString("error")).startsWith("Training diverged in epoch " + diverged + " at step " + diverged
                + ": ").contains("is NaN", "last good checkpoint (epoch " + good + ")");
        assertThat(run.getInt("epoch")).isEqualTo(good);
        assertThat(run.getString("alarms[0].kind")).isEqualTo("divergence");
        assertThat(run.getString("alarms[0].action")).isEqualTo(RunAlarm.FAILED);
        List<TrainingAlarm> alarms = BucketAndTopics.events(infra, Topics.TRAINING_ALARMS, runId, TrainingAlarm.class, 1);
        assertThat(alarms).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AlarmKind.divergence);
            assertThat(a.epoch()).isEqualTo(diverged);
            assertThat(a.dataset()).isEqualTo("diverge");
        });

        // Nothing of the diverged epoch is stored; the last good epoch's checkpoint is what latest.json names, and
        // it loads.
        CheckpointPublished latest = Json.mapper().readValue(
                BucketAndTopics.object(infra, ObjectKeys.runLatest(runId)), CheckpointPublished.class);
        assertThat(latest.epoch()).isEqualTo(good);
        assertThat(BucketAndTopics.keys(infra, ObjectKeys.runPrefix(runId)))
                .contains(ObjectKeys.runSample(runId, good))
                .doesNotContain(ObjectKeys.runCheckpoint(runId, diverged), ObjectKeys.runSample(runId, diverged));
        Dcgan lastGood = CheckpointFile.readState(new ByteArrayInputStream(
                BucketAndTopics.object(infra, latest.checkpointKey())));
        assertThat(lastGood.step()).isEqualTo(good);
        assertThat(BucketAndTopics.events(infra, Topics.CHECKPOINTS_PUBLISHED, runId, CheckpointPublished.class, good))
                .extracting(CheckpointPublished::epoch).last().isEqualTo(good);

        given().header("Authorization", TOKEN).post("/api/runs/" + runId + "/resume").then().statusCode(409)
                .body("error", containsString("diverged"));
        assertThat(run(runId).getString("state")).isEqualTo("failed");
    }

    private io.restassured.response.Response post(Map<String, Object> body) {
        return given().header("Authorization", TOKEN).contentType(ContentType.JSON).body(body).post("/api/runs");
    }

    private String startRun(Map<String, Object> body) {
        return post(body).then().statusCode(201).extract().path("runId");
    }

    private static JsonPath run(String runId) {
        return given().get("/api/runs/" + runId).then().statusCode(200).extract().jsonPath();
    }

    private static <T> T read(String line, Class<T> type) {
        try {
            return Json.mapper().readValue(line, type);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
