package dev.toonforge.gallery;

import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ToonforgeEvent;
import dev.toonforge.contracts.events.TrainingAlarm;
import dev.toonforge.contracts.events.TrainingProgress;
import dev.toonforge.contracts.storage.AlarmActions;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.EpochScore;
import dev.toonforge.contracts.storage.MetricPoint;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.RunAlarm;
import dev.toonforge.contracts.storage.RunConfig;
import dev.toonforge.contracts.storage.RunManifest;
import dev.toonforge.contracts.storage.RunProgress;
import dev.toonforge.contracts.storage.RunState;
import dev.toonforge.infra.LocalInfra;
import io.minio.PutObjectArgs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Writes what the trainer and ingest leave in S3, and announces epochs on Kafka, as the trainer would. */
final class SeededRuns {

    static final int EPOCHS = 10;
    static final int STEPS_PER_EPOCH = 12;

    private SeededRuns() {
    }

    /**
     * A dataset with {@code images} faces and a running run with {@code epochs} epochs done: run.json, grids, a checkpoint
     * per epoch, metrics, latest.
     */
    static void seed(LocalInfra infra, String dataset, String runId, int epochs) throws Exception {
        seed(infra, dataset, runId, epochs, 1);
    }

    /** As {@link #seed(LocalInfra, String, String, int)}, with a checkpoint only every {@code checkpointEvery} epochs. */
    static void seed(LocalInfra infra, String dataset, String runId, int epochs, int checkpointEvery) throws Exception {
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] png = TestPictures.png(TestPictures.face(100 + i, 32));
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png));
            put(infra, ObjectKeys.datasetImage(dataset, sha), png, "image/png");
            hashes.add(sha);
        }
        Instant now = Instant.now();
        put(infra, ObjectKeys.datasetManifest(dataset), Json.mapper().writeValueAsBytes(
                DatasetManifest.create(dataset, 32, now)), "application/json");

        StringBuilder metrics = new StringBuilder();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            put(infra, ObjectKeys.runSample(runId, epoch), TestPictures.grid(epoch, 4), "image/png");
            if (epoch % checkpointEvery == 0) {
                putCheckpoint(infra, runId, epoch);
            }
            metrics.append(metricLines(epoch));
        }
        put(infra, ObjectKeys.runMetrics(runId), metrics.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        putManifest(infra, dataset, runId, epochs);
        putLatest(infra, dataset, runId, epochs);
    }

    /** Grid, metrics and manifests of one more epoch in S3, then its checkpoints.published event on Kafka. */
    static void publishEpoch(LocalInfra infra, String dataset, String runId, int epoch) throws Exception {
        storeEpoch(infra, dataset, runId, epoch);
        announceEpoch(infra, dataset, runId, epoch);
    }

    /** Grid, checkpoint, run.json and latest.json of one more epoch in S3 (what the trainer stores before it announces). */
    static void storeEpoch(LocalInfra infra, String dataset, String runId, int epoch) throws Exception {
        put(infra, ObjectKeys.runSample(runId, epoch), TestPictures.grid(epoch, 4), "image/png");
        putCheckpoint(infra, runId, epoch);
        putManifest(infra, dataset, runId, epoch);
        putLatest(infra, dataset, runId, epoch);
    }

    /** An epoch's grid alone: the trainer keeps a grid for every epoch and a checkpoint only for some. */
    static void storeGrid(LocalInfra infra, String runId, int epoch) throws Exception {
        put(infra, ObjectKeys.runSample(runId, epoch), TestPictures.grid(epoch, 4), "image/png");
    }

    /** A checkpoint zip (its contents do not matter to the gallery, only that it is stored). */
    static void putCheckpoint(LocalInfra infra, String runId, int epoch) throws Exception {
        put(infra, ObjectKeys.runCheckpoint(runId, epoch), ("checkpoint of epoch " + epoch).getBytes(StandardCharsets.UTF_8),
                "application/zip");
    }

    /**
     * Replaces the seeded run's scores.jsonl with {@code scores} (a half-written last line after them, as while the
     * trainer appends) and writes its run.json with the training options and the progress that goes with them:
     * {@code epoch} epochs done, the scores, {@code alarms}, in state {@code state} (with {@code error} when failed).
     */
    static void score(LocalInfra infra, String dataset, String runId, int epoch, RunConfigOptions options,
                      List<EpochScore> scores, List<RunAlarm> alarms, RunState state, String error) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (EpochScore score : scores) {
            lines.append(Json.mapper().writeValueAsString(score)).append('\n');
        }
        lines.append("{\"epoch\":99,\"st");
        put(infra, ObjectKeys.runScores(runId), lines.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        RunConfig config = new RunConfig(dataset, "tiny-32", 32, EPOCHS, 7, 16, 2e-4, 2e-4, 0.5, 0.05, null, null, null,
                options.emaDecay(), options.augment(), options.onAlarm());
        putManifest(infra, runId, config, epoch, progress -> {
            RunProgress p = progress.withScoreEveryEpochs(options.scoreEveryEpochs());
            for (EpochScore score : scores) {
                p = p.withScore(score);
            }
            for (RunAlarm alarm : alarms) {
                p = p.withAlarm(alarm);
            }
            return state == RunState.running ? p : p.withState(state, error);
        });
    }

    /** The options a run was created with, and how often its trainer measures the score. */
    record RunConfigOptions(Double emaDecay, List<String> augment, AlarmActions onAlarm, int scoreEveryEpochs) {
    }

    /** The checkpoints.published event of a stored epoch. */
    static void announceEpoch(LocalInfra infra, String dataset, String runId, int epoch) throws Exception {
        CheckpointPublished event = CheckpointPublished.of(runId, dataset, "tiny-32", 32, epoch, EPOCHS,
                (long) epoch * STEPS_PER_EPOCH, Instant.now());
        send(infra, event);
    }

    /** A training.progress event, as the trainer sends every few steps. */
    static void progress(LocalInfra infra, String dataset, String runId, int epoch, long step) throws Exception {
        progress(infra, dataset, runId, epoch, step, null, null);
    }

    /** A training.progress event with the newest score and the best epoch so far. */
    static void progress(LocalInfra infra, String dataset, String runId, int epoch, long step, Double score,
                         Integer bestEpoch) throws Exception {
        send(infra, TrainingProgress.of(runId, dataset, "running", epoch, EPOCHS, step, STEPS_PER_EPOCH, 0.61, 2.1, 40.0,
                (EPOCHS - epoch + 1) * 60L, Instant.now(), score, bestEpoch));
    }

    /** A training.alarms event, as the trainer sends when it raises an alarm. */
    static void alarm(LocalInfra infra, String dataset, String runId, RunAlarm alarm) throws Exception {
        send(infra, TrainingAlarm.of(runId, dataset, alarm));
    }

    private static void send(LocalInfra infra, ToonforgeEvent event) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(event.topic(), event.kafkaKey(), EventCodec.encode(event))).get();
        }
    }

    static String metricLines(int epoch) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int s = 1; s <= STEPS_PER_EPOCH; s++) {
            long step = (long) (epoch - 1) * STEPS_PER_EPOCH + s;
            double d = 1.4 * Math.exp(-step / 30.0) + 0.45 + 0.05 * Math.sin(step);
            double g = 0.7 + 1.6 * (1 - Math.exp(-step / 25.0)) + 0.08 * Math.cos(step * 1.3);
            lines.append(Json.mapper().writeValueAsString(new MetricPoint(step, epoch, d, g, 0.7, 0.3,
                    1_700_000_000_000L + step * 500))).append('\n');
        }
        return lines.toString();
    }

    private static void putManifest(LocalInfra infra, String dataset, String runId, int epoch) throws Exception {
        putManifest(infra, runId, new RunConfig(dataset, "tiny-32", 32, EPOCHS, 7, 16, 2e-4, 2e-4, 0.5, 0.05), epoch,
                UnaryOperator.identity());
    }

    private static void putManifest(LocalInfra infra, String runId, RunConfig config, int epoch,
                                    UnaryOperator<RunProgress> more) throws Exception {
        Instant created = Instant.parse("2026-11-27T12:00:00Z");
        RunManifest run = new RunManifest(RunManifest.SCHEMA_VERSION, runId, config,
                more.apply(new RunProgress(RunState.running, epoch, (long) epoch * STEPS_PER_EPOCH, "CPU (OpenBLAS, test)",
                        0.62, 2.05, 41.5, 600L - epoch * 60L, null)),
                created, Instant.now());
        put(infra, ObjectKeys.runManifest(runId), Json.mapper().writeValueAsBytes(run), "application/json");
    }

    /**
     * Rewrites a seeded run.json with the labels and lineage a fine-tuned run carries ({@code name}, {@code note},
     * {@code initFrom}), written as raw JSON since this branch's RunManifest does not model them.
     */
    static void label(LocalInfra infra, String runId, String name, String note, String fromRunId, int fromEpoch)
            throws Exception {
        String stored = new String(infra.minioClient().getObject(io.minio.GetObjectArgs.builder().bucket(infra.bucket())
                .object(ObjectKeys.runManifest(runId)).build()).readAllBytes(), StandardCharsets.UTF_8).trim();
        String labels = "\"name\":" + Json.mapper().writeValueAsString(name)
                + ",\"note\":" + Json.mapper().writeValueAsString(note)
                + ",\"initFrom\":{\"runId\":\"" + fromRunId + "\",\"epoch\":" + fromEpoch + ",\"optimizerState\":true}";
        String raw = stored.substring(0, stored.length() - 1) + "," + labels + "}";
        put(infra, ObjectKeys.runManifest(runId), raw.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    private static void putLatest(LocalInfra infra, String dataset, String runId, int epoch) throws Exception {
        CheckpointPublished latest = CheckpointPublished.of(runId, dataset, "tiny-32", 32, epoch, EPOCHS,
                (long) epoch * STEPS_PER_EPOCH, Instant.now());
        put(infra, ObjectKeys.runLatest(runId), Json.mapper().writeValueAsBytes(latest), "application/json");
    }

    static void put(LocalInfra infra, String key, byte[] bytes, String contentType) throws Exception {
        infra.minioClient().putObject(PutObjectArgs.builder().bucket(infra.bucket()).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).contentType(contentType).build());
    }
}
