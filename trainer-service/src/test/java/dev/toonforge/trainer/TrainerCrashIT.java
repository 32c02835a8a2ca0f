package dev.toonforge.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.storage.MetricPoint;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.process.ServiceProcess;
import io.minio.GetObjectArgs;
import io.minio.StatObjectArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import static dev.toonforge.trainer.PackagedTrainer.TOKEN;
import static dev.toonforge.trainer.PackagedTrainer.run;
import static dev.toonforge.trainer.PackagedTrainer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged trainer is killed with SIGKILL in the middle of an epoch and started again: the run resumes from its
 * latest checkpoint with the right epoch counter, and latest.json never names a missing object.
 */
class TrainerCrashIT {

    private static LocalInfra infra;

    @TempDir
    static Path logs;

    @BeforeAll
    static void infrastructure() throws Exception {
        infra = LocalInfra.startEphemeral("toonforge");
        TestDatasets.discs(infra, "crash", 48, 3);
    }

    @AfterAll
    static void stopInfrastructure() {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void aRunKilledMidEpochResumesFromItsLatestCheckpoint() throws Exception {
        int port = dev.toonforge.infra.FreePorts.resolve(0);
        ServiceProcess trainer = startTrainer(port, "first");
        String runId;
        int epochAtKill;
        try {
            runId = Json.mapper().readTree(send(trainer, "POST", "/api/runs",
                    "{\"dataset\":\"crash\",\"preset\":\"tiny-32\",\"epochs\":100,\"batchSize\":16,\"seed\":5}", 201)).get("runId").asText();
            // 48 images / 16 per batch = 3 steps per epoch: wait until at least one epoch is done and we are inside another.
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode run = run(trainer, runId);
                return run.get("epoch").asInt() >= 1 && run.get("step").asLong() % 3 != 0;
            });
            epochAtKill = run(trainer, runId).get("epoch").asInt();
            trainer.kill();
        } finally {
            trainer.stop();
        }

        CheckpointPublished latest = Json.mapper().readValue(object(ObjectKeys.runLatest(runId)), CheckpointPublished.class);
        assertThat(latest.epoch()).isGreaterThanOrEqualTo(epochAtKill);
        assertThat(exists(latest.checkpointKey())).as("latest.json names an existing checkpoint").isTrue();
        assertThat(exists(latest.sampleKey())).as("latest.json names an existing grid").isTrue();

        ServiceProcess restarted = startTrainer(port, "second");
        try {
            await().atMost(Duration.ofMinutes(5)).until(() -> run(restarted, runId).get("epoch").asInt() > latest.epoch());
            JsonNode run = run(restarted, runId);
            assertThat(run.get("state").asText()).isEqualTo("running");
            assertThat(Files.readString(restarted.log())).contains("resumes after epoch " + latest.epoch());
            // Checkpoints come by time, so the next one may be a few epochs on: the one run.json names exists.
            assertThat(exists(ObjectKeys.runCheckpoint(runId, run.get("epoch").asInt()))).isTrue();

            // The losses continue: one metric per step, steps 1..n without a gap or a repeat.
            long[] steps = Arrays.stream(new String(object(ObjectKeys.runMetrics(runId)), StandardCharsets.UTF_8).split("\n"))
                    .map(line -> PackagedTrainer.metric(line).step()).mapToLong(Long::longValue).toArray();
            assertThat(steps).containsExactly(LongStream.rangeClosed(1, steps.length).toArray());
            send(restarted, "POST", "/api/runs/" + runId + "/stop", "", 200);
        } finally {
            restarted.stop();
        }
    }

    private static ServiceProcess startTrainer(int port, String name) {
        Map<String, String> env = new HashMap<>(infra.serviceEnvironment());
        env.put("TOONFORGE_API_TOKEN", TOKEN);
        env.put("TOONFORGE_TRAINER_PROGRESS_EVERY_STEPS", "1");
        // Checkpoints by time as in production, a few epochs apart rather than 30 s, so the test waits less.
        env.put("TOONFORGE_TRAINER_CHECKPOINT_EVERY_SECONDS", "2");
        // The killed trainer stays in the trainers' group until its session times out: keep that short.
        env.put("TOONFORGE_TRAINER_FAILOVER_SECONDS", "10");
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        return ServiceProcess.start("trainer-" + name, Paths.get(System.getProperty("trainer.jar")), port, env,
                List.of("-Xmx1g", "-Dorg.bytedeco.javacpp.maxbytes=3g"), logs.resolve("trainer-" + name + ".log"))
                .awaitReady(Duration.ofSeconds(120));
    }

    private static boolean exists(String key) {
        try {
            infra.minioClient().statObject(StatObjectArgs.builder().bucket(infra.bucket()).object(key).build());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static byte[] object(String key) throws Exception {
        try (InputStream in = infra.minioClient().getObject(GetObjectArgs.builder().bucket(infra.bucket()).object(key).build())) {
            return in.readAllBytes();
        }
    }
}
