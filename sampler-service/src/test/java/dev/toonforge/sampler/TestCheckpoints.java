package dev.toonforge.sampler;

import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.dcgan.CheckpointFile;
import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.Generator;
import dev.toonforge.infra.LocalInfra;
import io.minio.PutObjectArgs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * Publishes checkpoints as the trainer does (RunTrainer.publishEpoch): the checkpoint zip (full state + generator
 * export, built like CheckpointStore.checkpointZip), then latest.json, then the event.
 */
final class TestCheckpoints {

    static final String PRESET = "tiny-32";

    private TestCheckpoints() {
    }

    /** A fresh tiny-32 GAN; different seeds give visibly different generators. */
    static Dcgan gan(long seed) {
        return Dcgan.create(DcganConfig.forPreset(PRESET), seed);
    }

    /** What the sampler should load from a checkpoint of {@code gan}. */
    static Generator exported(Dcgan gan) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        gan.exportGenerator(out);
        return Generator.load(new ByteArrayInputStream(out.toByteArray()));
    }

    static byte[] checkpointZip(Dcgan gan) throws IOException {
        return CheckpointFile.write(gan);
    }

    /** Checkpoint zip and latest.json in storage, no event (what the start-up scan finds). */
    static CheckpointPublished store(LocalInfra infra, String runId, String dataset, int epoch, Dcgan gan)
            throws Exception {
        CheckpointPublished event = CheckpointPublished.of(runId, dataset, PRESET, 32, epoch, 100, epoch * 10L,
                Instant.now());
        put(infra, event.checkpointKey(), checkpointZip(gan));
        put(infra, ObjectKeys.runLatest(runId), Json.mapper().writeValueAsBytes(event));
        return event;
    }

    /** Stored and announced on Kafka. */
    static CheckpointPublished publish(LocalInfra infra, String runId, String dataset, int epoch, Dcgan gan)
            throws Exception {
        CheckpointPublished event = store(infra, runId, dataset, epoch, gan);
        send(infra, event.kafkaKey(), EventCodec.encode(event));
        return event;
    }

    static void send(LocalInfra infra, String key, String json) throws Exception {
        sendTo(infra, Topics.CHECKPOINTS_PUBLISHED, key, json);
    }

    static void sendTo(LocalInfra infra, String topic, String key, String json) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, json)).get();
        }
    }

    static void put(LocalInfra infra, String key, byte[] bytes) throws Exception {
        infra.minioClient().putObject(PutObjectArgs.builder().bucket(infra.bucket()).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }
}
