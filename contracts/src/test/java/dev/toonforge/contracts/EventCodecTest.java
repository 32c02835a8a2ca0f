package dev.toonforge.contracts;

import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.DatasetDeleted;
import dev.toonforge.contracts.events.RunAssignment;
import dev.toonforge.contracts.events.RunDeleted;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.EventDecodingException;
import dev.toonforge.contracts.events.ImageIngested;
import dev.toonforge.contracts.events.ModelServed;
import dev.toonforge.contracts.events.ToonforgeEvent;
import dev.toonforge.contracts.events.TrainingProgress;
import dev.toonforge.contracts.events.TrainingAlarm;
import dev.toonforge.contracts.storage.AlarmKind;
import dev.toonforge.contracts.storage.RunAlarm;
import dev.toonforge.contracts.storage.ServingChoice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private static final Instant T = Instant.parse("2026-11-27T10:15:30.123Z");
    private static final String SHA = "a".repeat(64);

    static Stream<ToonforgeEvent> everyEvent() {
        return Stream.of(
                ImageIngested.of("simpsons", SHA, "homer.png", 128, 12_345, T),
                CheckpointPublished.of("simpsons-20261127-101530-ab12", "simpsons", "tiny-32", 32, 7, 300, 1234, T),
                TrainingProgress.of("simpsons-20261127-101530-ab12", "simpsons", "running", 7, 300, 1234, 60, 1.25, 0.75,
                        42.5, 3600L, T),
                TrainingProgress.of("simpsons-20261127-101530-ab12", "simpsons", "running", 7, 300, 1234, 60, 1.25, 0.75,
                        42.5, 3600L, T, 41.5, 6),
                TrainingAlarm.of("simpsons-20261127-101530-ab12", "simpsons", new RunAlarm(AlarmKind.collapse, 7, 1234,
                        RunAlarm.WARNED, "diversity 0.05 of the data's", T)),
                ModelServed.of(ServingChoice.initial("simpsons")
                        .choose(ServingChoice.Choice.pinned("simpsons-20261127-101530-ab12", 7, T), T)),
                ModelServed.of(ServingChoice.initial("simpsons").choose(ServingChoice.Choice.newest(T), T)),
                RunDeleted.of("simpsons-20261127-101530-ab12", "simpsons", T),
                RunDeleted.of("simpsons-20261127-101530-ab12", null, T),
                DatasetDeleted.of("simpsons", T));
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void everyEventSurvivesAJsonRoundTrip(ToonforgeEvent event) throws Exception {
        String json = EventCodec.encode(event);

        ToonforgeEvent back = EventCodec.decode(json, event.getClass());

        assertThat(back).isEqualTo(event);
        assertThat(json).contains("\"schemaVersion\":1").doesNotContain("kafkaKey").doesNotContain("topic");
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void anUnknownSchemaVersionIsRejectedWithTheReason(ToonforgeEvent event) {
        String json = EventCodec.encode(event).replace("\"schemaVersion\":1", "\"schemaVersion\":99");

        assertThatThrownBy(() -> EventCodec.decode(json, event.getClass()))
                .isInstanceOfSatisfying(EventDecodingException.class, e -> assertThat(e.isUnknownVersion()).isTrue())
                .hasMessageContaining("schemaVersion 99 is not supported");
        assertThat(EventCodec.tryDecode(json, event.getClass(), "test-0@1")).isEmpty();
    }

    @Test
    void aMissingSchemaVersionOrBrokenJsonIsSkippedNotThrown() {
        assertThat(EventCodec.tryDecode("{\"dataset\":\"x\"}", ImageIngested.class, "t")).isEmpty();
        assertThat(EventCodec.tryDecode("not json {", ImageIngested.class, "t")).isEmpty();
        assertThat(EventCodec.tryDecode("[1,2]", ImageIngested.class, "t")).isEmpty();
    }

    @Test
    void fieldsAddedByANewerProducerOfTheSameVersionAreIgnored() throws Exception {
        String json = EventCodec.encode(ImageIngested.of("d", SHA, "a.png", 64, 1, T)).replace("{", "{\"extra\":true,");

        assertThat(EventCodec.decode(json, ImageIngested.class).sha256()).isEqualTo(SHA);
    }

    @Test
    void eventsNameTheirTopicAndKey() throws Exception {
        ImageIngested image = ImageIngested.of("simpsons", SHA, "homer.png", 128, 1, T);
        assertThat(image.topic()).isEqualTo("images.ingested");
        assertThat(image.kafkaKey()).isEqualTo("simpsons");
        assertThat(image.key()).isEqualTo("datasets/simpsons/images/" + SHA + ".png");

        CheckpointPublished checkpoint = CheckpointPublished.of("run-1", "simpsons", "tiny-32", 32, 3, 10, 99, T);
        assertThat(checkpoint.topic()).isEqualTo("checkpoints.published");
        assertThat(checkpoint.kafkaKey()).isEqualTo("run-1");
        assertThat(checkpoint.checkpointKey()).isEqualTo("runs/run-1/checkpoints/epoch-0003.zip");
        assertThat(checkpoint.sampleKey()).isEqualTo("runs/run-1/samples/epoch-0003.png");

        ModelServed served = ModelServed.of(ServingChoice.initial("simpsons")
                .choose(ServingChoice.Choice.pinned("run-1", 3, T), T));
        assertThat(served.topic()).isEqualTo("models.served");
        assertThat(served.kafkaKey()).isEqualTo("simpsons");
        assertThat(served.revision()).isEqualTo(1);
        assertThat(served.checkpointKey()).isEqualTo("runs/run-1/checkpoints/epoch-0003.zip");
        assertThat(Topics.ALL).contains(Topics.MODELS_SERVED);

        RunDeleted run = RunDeleted.of("run-1", "simpsons", T);
        assertThat(run.topic()).isEqualTo("runs.deleted");
        assertThat(run.kafkaKey()).isEqualTo("run-1");
        DatasetDeleted dataset = DatasetDeleted.of("simpsons", T);
        assertThat(dataset.topic()).isEqualTo("datasets.deleted");
        assertThat(dataset.kafkaKey()).isEqualTo("simpsons");
        assertThat(Topics.ALL).contains(Topics.RUNS_DELETED, Topics.DATASETS_DELETED);

        RunAssignment train = RunAssignment.train("run-1", "simpsons", T);
        assertThat(train.topic()).isEqualTo("training.runs");
        assertThat(train.kafkaKey()).isEqualTo("run-1");
        assertThat(train.stop()).isFalse();
        assertThat(EventCodec.decode(EventCodec.encode(train), RunAssignment.class)).isEqualTo(train);
        RunAssignment stop = RunAssignment.stop("run-1", "simpsons", T);
        assertThat(EventCodec.decode(EventCodec.encode(stop), RunAssignment.class).stop()).isTrue();
        assertThat(Topics.ALL).contains(Topics.TRAINING_RUNS);
    }
}
