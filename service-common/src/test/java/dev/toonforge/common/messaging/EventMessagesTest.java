package dev.toonforge.common.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.ImageIngested;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.TrainingProgress;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventMessagesTest {

    private static final Instant AT = Instant.parse("2030-01-02T03:04:05Z");

    @Test
    void aDatasetEventIsItsJsonKeyedByTheDatasetOnItsTopic() throws Exception {
        ImageIngested event = ImageIngested.of("faces", "a".repeat(64), "homer.png", 64, 1234, AT);

        Message<String> message = EventMessages.of(event);

        assertThat(message.getPayload()).isEqualTo(EventCodec.encode(event));
        JsonNode json = Json.mapper().readTree(message.getPayload());
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(ImageIngested.SCHEMA_VERSION);
        assertThat(json.has("kafkaKey")).as("routing stays out of the JSON").isFalse();
        assertThat(json.has("topic")).isFalse();
        assertThat(EventCodec.decode(message.getPayload(), ImageIngested.class)).isEqualTo(event);

        OutgoingKafkaRecordMetadata<?> kafka = message.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(kafka.getKey()).isEqualTo("faces");
        assertThat(kafka.getTopic()).isEqualTo(Topics.IMAGES_INGESTED);
    }

    @Test
    void aRunEventIsKeyedByItsRun() {
        TrainingProgress event = TrainingProgress.of("run-7", "faces", "training", 2, 10, 40, 20, 0.5, 1.5, 100.0, 30L, AT);

        OutgoingKafkaRecordMetadata<?> kafka = EventMessages.of(event).getMetadata(OutgoingKafkaRecordMetadata.class)
                .orElseThrow();

        assertThat(kafka.getKey()).isEqualTo("run-7");
        assertThat(kafka.getTopic()).isEqualTo(Topics.TRAINING_PROGRESS);
    }
}
