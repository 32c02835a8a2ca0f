package dev.toonforge.contracts.storage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.events.CheckpointPublished;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** run.json, dataset.json and latest.json keep the flat shape that stored objects and API clients already read. */
class RunManifestJsonTest {

    private static final Instant T = Instant.parse("2026-11-27T10:15:30Z");
    private static final RunConfig CONFIG = new RunConfig("simpsons", "tiny-32", 32, 300, 42, 64, 2e-4, 2e-4, 0.5, 0.05);

    /** A run.json as trainers have written it since the first release: one flat object. */
    private static final String STORED_RUN_JSON = """
            {"schemaVersion":1,"runId":"simpsons-20261127-101530-ab12","dataset":"simpsons","preset":"tiny-32",
             "imageSize":32,"state":"running","epochs":300,"epoch":7,"step":1234,"seed":42,"batchSize":64,
             "learningRateD":2.0E-4,"learningRateG":2.0E-4,"beta1":0.5,"instanceNoiseStd":0.05,
             "backend":"CPU (2 cores)","lastDiscriminatorLoss":1.25,"lastGeneratorLoss":0.75,"imagesPerSecond":42.5,
             "etaSeconds":3600,"error":null,"createdAt":"2026-11-27T10:15:30Z","updatedAt":"2026-11-27T11:15:30Z"}
            """;

    @Test
    void aStoredRunJsonReadsIntoConfigurationAndProgress() throws Exception {
        RunManifest run = Json.mapper().readValue(STORED_RUN_JSON, RunManifest.class);

        assertThat(run.runId()).isEqualTo("simpsons-20261127-101530-ab12");
        assertThat(run.config()).isEqualTo(CONFIG);
        assertThat(run.progress()).isEqualTo(new RunProgress(RunState.running, 7, 1234, "CPU (2 cores)", 1.25, 0.75,
                42.5, 3600L, null));
        assertThat(run.createdAt()).isEqualTo(T);
    }

    @Test
    void aRunIsWrittenAsTheSameFlatObject() throws Exception {
        RunManifest run = Json.mapper().readValue(STORED_RUN_JSON, RunManifest.class);

        JsonNode written = Json.mapper().readTree(Json.mapper().writeValueAsString(run));

        assertThat(written).isEqualTo(Json.mapper().readTree(STORED_RUN_JSON));
        assertThat(written.has("config")).isFalse();
        assertThat(written.has("progress")).isFalse();
    }

    @Test
    void progressChangesLeaveTheConfigurationAlone() {
        RunManifest created = RunManifest.created("simpsons-20261127-101530-ab12", CONFIG, T);

        RunManifest trained = created
                .withProgress(p -> p.withState(RunState.running, null).withStep(10, 1.0, 2.0, 50.0, 60L), T.plusSeconds(5))
                .withProgress(p -> p.withEpoch(1, 10), T.plusSeconds(6));

        assertThat(trained.config()).isSameAs(CONFIG);
        assertThat(trained.progress().epoch()).isEqualTo(1);
        assertThat(trained.progress().step()).isEqualTo(10);
        assertThat(trained.progress().etaSeconds()).isEqualTo(60L);
        assertThat(trained.createdAt()).isEqualTo(T);
        assertThat(trained.updatedAt()).isEqualTo(T.plusSeconds(6));
        assertThat(trained.withProgress(p -> p.withState(RunState.stopped, null), T).progress().etaSeconds()).isNull();
    }

    @Test
    void anOldRunJsonReadsWithoutLabelsRetentionOrSource() throws Exception {
        RunManifest run = Json.mapper().readValue(STORED_RUN_JSON, RunManifest.class);

        assertThat(run.labels()).isEqualTo(RunLabels.NONE);
        assertThat(run.config().initFrom()).isNull();
        assertThat(run.config().keepLastCheckpoints()).isNull();
        assertThat(run.config().keepEveryNthCheckpoint()).isNull();
    }

    @Test
    void aFineTunedLabelledRunIsFlatWithAnInitFromObject() throws Exception {
        RunConfig config = new RunConfig("faces", "tiny-32", 32, 5, 9, 16, 2e-4, 2e-4, 0.5, 0.05, 2, 0,
                new InitFrom("simpsons-20261127-101530-ab12", 7, InitFrom.CARRY));
        RunManifest run = RunManifest.created("faces-20261128-101530-cd34", config, new RunLabels("from simpsons", "a note"), T)
                .withProgress(p -> p.withEpoch(1, 3), T.plusSeconds(1));

        String json = Json.mapper().writeValueAsString(run);
        JsonNode written = Json.mapper().readTree(json);

        assertThat(written.get("name").asText()).isEqualTo("from simpsons");
        assertThat(written.get("note").asText()).isEqualTo("a note");
        assertThat(written.get("keepLastCheckpoints").asInt()).isEqualTo(2);
        assertThat(written.get("keepEveryNthCheckpoint").asInt()).isEqualTo(0);
        assertThat(written.get("initFrom").get("runId").asText()).isEqualTo("simpsons-20261127-101530-ab12");
        assertThat(written.get("initFrom").get("epoch").asInt()).isEqualTo(7);
        assertThat(written.get("initFrom").get("optimizerState").asText()).isEqualTo("carry");
        assertThat(written.has("labels")).isFalse();
        assertThat(written.get("dataset").asText()).isEqualTo("faces");
        assertThat(Json.mapper().readValue(json, RunManifest.class)).isEqualTo(run);
    }

    @Test
    void anOldRunJsonReadsWithTheBehaviourItWasTrainedWith() throws Exception {
        RunConfig config = Json.mapper().readValue(STORED_RUN_JSON, RunManifest.class).config();

        assertThat(config.emaDecayOrOff()).isZero();
        assertThat(config.augmentations()).containsExactly("flip");
        assertThat(config.alarmActions()).isEqualTo(AlarmActions.WARN);
    }

    @Test
    void trainingOptionsScoresAndAlarmsSurviveARoundTrip() throws Exception {
        RunConfig config = new RunConfig("faces", "tiny-32", 32, 5, 9, 16, 2e-4, 2e-4, 0.5, 0.05, null, null, null,
                0.999, java.util.List.of("flip", "translation", "cutout"),
                new AlarmActions(AlarmAction.stop, AlarmAction.warn));
        RunManifest run = RunManifest.created("faces-20261128-101530-cd34", config, T)
                .withProgress(p -> p.withScoreEveryEpochs(2)
                        .withScore(new EpochScore(2, 6, 80.5, 0.9, 0.4, 1))
                        .withScore(new EpochScore(4, 12, 60.25, 0.8, 0.4, 2))
                        .withScore(new EpochScore(6, 18, 70.0, 0.1, 0.4, 3))
                        .withAlarm(new RunAlarm(AlarmKind.collapse, 6, 18, RunAlarm.STOPPED, "diversity 0.1", T)), T);

        String json = Json.mapper().writeValueAsString(run);
        JsonNode written = Json.mapper().readTree(json);

        assertThat(written.get("emaDecay").asDouble()).isEqualTo(0.999);
        assertThat(written.get("augment").toString()).isEqualTo("[\"flip\",\"translation\",\"cutout\"]");
        assertThat(written.get("onAlarm").get("collapse").asText()).isEqualTo("stop");
        assertThat(written.get("lastScore").asDouble()).isEqualTo(70.0);
        assertThat(written.get("bestEpoch").asInt()).isEqualTo(4);
        assertThat(written.get("bestScore").asDouble()).isEqualTo(60.25);
        assertThat(written.get("alarms").get(0).get("kind").asText()).isEqualTo("collapse");
        assertThat(Json.mapper().readValue(json, RunManifest.class)).isEqualTo(run);
    }

    @Test
    void labelsChangeWithoutTouchingConfigurationOrProgress() {
        RunManifest created = RunManifest.created("simpsons-20261127-101530-ab12", CONFIG, T);

        RunManifest named = created.withLabels(new RunLabels("best so far", null), T.plusSeconds(9));

        assertThat(named.labels().name()).isEqualTo("best so far");
        assertThat(named.config()).isSameAs(CONFIG);
        assertThat(named.progress()).isSameAs(created.progress());
        assertThat(named.updatedAt()).isEqualTo(T.plusSeconds(9));
    }

    @Test
    void aDatasetJsonWithTheImageCountOlderIngestsWroteStillReads() throws Exception {
        String stored = """
                {"schemaVersion":1,"dataset":"simpsons","imageSize":128,"imageCount":40,
                 "createdAt":"2026-11-27T10:15:30Z","updatedAt":"2026-11-27T11:15:30Z"}
                """;

        DatasetManifest manifest = Json.mapper().readValue(stored, DatasetManifest.class);

        assertThat(manifest).isEqualTo(new DatasetManifest(1, "simpsons", 128, T, T.plusSeconds(3600)));
    }

    @Test
    void aLatestJsonOlderTrainersWroteReadsAsTheCheckpointEvent() throws Exception {
        String stored = """
                {"schemaVersion":1,"runId":"run-1","dataset":"simpsons","preset":"tiny-32","imageSize":32,"epoch":3,
                 "step":99,"checkpointKey":"runs/run-1/checkpoints/epoch-0003.zip",
                 "sampleKey":"runs/run-1/samples/epoch-0003.png","publishedAt":"2026-11-27T10:15:30Z"}
                """;

        CheckpointPublished latest = Json.mapper().readValue(stored, CheckpointPublished.class);

        assertThat(latest).isEqualTo(CheckpointPublished.of("run-1", "simpsons", "tiny-32", 32, 3, 0, 99, T));
    }
}
