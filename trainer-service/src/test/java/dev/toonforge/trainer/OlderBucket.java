package dev.toonforge.trainer;

import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.dcgan.CheckpointFile;
import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.ImageTensors;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A bucket as the releases before the one-source-of-truth layout left it, written before the trainer starts: a dataset
 * whose {@code dataset.json} carries an image count, the trainer's own image index under {@code trainer/}, and a run
 * halfway through (flat {@code run.json} in state running, {@code latest.json} without {@code totalEpochs}). The JSON is
 * spelled out as those releases wrote it, not produced by today's records.
 */
public class OlderBucket extends LocalInfraTestResource {

    static final String DATASET = "legacy";
    static final String RUN_ID = "legacy-20261127-101530-ab12";
    static final int IMAGES = 24;
    static final int BATCH = 8;
    static final String LEGACY_INDEX = "trainer/datasets/legacy/index.json";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        MinioClient client = MinioClient.builder().endpoint(config.get(LocalInfra.S3_ENDPOINT))
                .credentials(config.get(LocalInfra.S3_ACCESS_KEY), config.get(LocalInfra.S3_SECRET_KEY)).build();
        try {
            seed(client, config.get(LocalInfra.S3_BUCKET));
        } catch (Exception e) {
            throw new IllegalStateException("cannot write the older bucket layout", e);
        }
        return config;
    }

    private static void seed(MinioClient client, String bucket) throws Exception {
        Random random = new Random(11);
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            byte[] png = TestDatasets.discPng(random);
            String hash = TestDatasets.sha256(png);
            hashes.add("\"" + hash + "\"");
            put(client, bucket, ObjectKeys.datasetImage(DATASET, hash), png);
        }
        put(client, bucket, ObjectKeys.datasetManifest(DATASET), """
                {"schemaVersion":1,"dataset":"legacy","imageSize":32,"imageCount":24,
                 "createdAt":"2026-11-27T10:00:00Z","updatedAt":"2026-11-27T10:05:00Z"}""");
        put(client, bucket, LEGACY_INDEX, "{\"dataset\":\"legacy\",\"images\":[" + String.join(",", hashes) + "]}");

        put(client, bucket, ObjectKeys.runManifest(RUN_ID), """
                {"schemaVersion":1,"runId":"%s","dataset":"legacy","preset":"tiny-32","imageSize":32,
                 "state":"running","epochs":2,"epoch":1,"step":3,"seed":5,"batchSize":8,"learningRateD":2.0E-4,
                 "learningRateG":2.0E-4,"beta1":0.5,"instanceNoiseStd":0.05,"backend":"CPU (2 cores)",
                 "lastDiscriminatorLoss":1.3,"lastGeneratorLoss":0.8,"imagesPerSecond":40.0,"etaSeconds":1,
                 "error":null,"createdAt":"2026-11-27T10:15:30Z","updatedAt":"2026-11-27T10:16:30Z"}""".formatted(RUN_ID));
        Dcgan gan = Dcgan.create(DcganConfig.forPreset("tiny-32").withBatchSize(BATCH), 5);
        for (int step = 0; step < IMAGES / BATCH; step++) {
            byte[] rgb = new byte[BATCH * 32 * 32 * 3];
            random.nextBytes(rgb);
            gan.trainStep(ImageTensors.fromRgbBytes(rgb, BATCH, 32));
        }
        gan.setEpoch(1);
        put(client, bucket, ObjectKeys.runCheckpoint(RUN_ID, 1), CheckpointFile.write(gan));
        put(client, bucket, ObjectKeys.runSample(RUN_ID, 1), TestDatasets.discPng(random));
        StringBuilder metrics = new StringBuilder();
        for (int step = 1; step <= 3; step++) {
            metrics.append("{\"step\":%d,\"epoch\":1,\"dLoss\":1.3,\"gLoss\":0.8,\"dReal\":0.6,\"dFake\":0.4,\"timeMillis\":1}\n"
                    .formatted(step));
        }
        put(client, bucket, ObjectKeys.runMetrics(RUN_ID), metrics.toString());
        put(client, bucket, ObjectKeys.runLatest(RUN_ID), """
                {"schemaVersion":1,"runId":"%s","dataset":"legacy","preset":"tiny-32","imageSize":32,"epoch":1,
                 "step":3,"checkpointKey":"%s","sampleKey":"%s","publishedAt":"2026-11-27T10:16:30Z"}"""
                .formatted(RUN_ID, ObjectKeys.runCheckpoint(RUN_ID, 1), ObjectKeys.runSample(RUN_ID, 1)));
    }

    private static void put(MinioClient client, String bucket, String key, String json) throws Exception {
        put(client, bucket, key, json.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(MinioClient client, String bucket, String key, byte[] bytes) throws Exception {
        client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }
}
