package dev.toonforge.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.storage.MetricPoint;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.RunOwner;
import dev.toonforge.infra.FreePorts;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.process.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static dev.toonforge.trainer.PackagedTrainer.TOKEN;
import static dev.toonforge.trainer.PackagedTrainer.run;
import static dev.toonforge.trainer.PackagedTrainer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged trainers share the runs: each trains one of two runs, at the same time. One is killed with SIGKILL in
 * the middle of an epoch; within the failover bound the other owns its run, resumes it from its latest checkpoint and
 * completes it: every step and every epoch's checkpoint exactly once. A trainer started again trains neither run. A
 * trainer stopped on purpose (SIGTERM) loses its run to the other, which completes it the same way.
 */
class TrainerFailoverIT {

    private static final int FAILOVER_SECONDS = 10;
    private static final int EPOCHS = 10;
    /** 48 images in batches of 16. */
    private static final int STEPS_PER_EPOCH = 3;
    private static final Pattern INSTANCE = Pattern.compile("Trainer (trainer-(?:cpu|gpu)-[0-9a-f]{8}) joins group");
    private static LocalInfra infra;

    @TempDir
    static Path logs;

    @BeforeAll
    static void infrastructure() throws Exception {
        infra = LocalInfra.startEphemeral("toonforge");
        TestDatasets.discs(infra, "failover", 48, 3);
    }

    @AfterAll
    static void stopInfrastructure() {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void aKilledTrainersRunIsTakenOverFromItsCheckpointAndNothingIsTrainedTwice() throws Exception {
        List<ServiceProcess> started = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers()))) {
            ServiceProcess first = startTrainer("first", started);
            ServiceProcess second = startTrainer("second", started);
            String firstId = instanceId(first);
            String secondId = instanceId(second);
            awaitMembersWithPartitions(admin, 2);

            // Both runs are created on the first trainer; placement gives one to each.
            String runA = create(first, 5);
            String runB = create(first, 6);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode a = run(second, runA);
                JsonNode b = run(second, runB);
                return "running".equals(a.get("state").asText()) && "running".equals(b.get("state").asText())
                        && a.get("step").asLong() > 0 && b.get("step").asLong() > 0;
            });
            String trainerOfA = run(second, runA).get("trainer").asText();
            String trainerOfB = run(second, runB).get("trainer").asText();
            assertThat(List.of(trainerOfA, trainerOfB)).as("each trainer trains one run").containsExactlyInAnyOrder(firstId, secondId);
            String victimRun = trainerOfA.equals(firstId) ? runA : runB;
            String survivorRun = victimRun.equals(runA) ? runB : runA;

            // Kill the first trainer in the middle of an epoch of its run, after its first checkpoint.
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode run = run(first, victimRun);
                return run.get("epoch").asInt() >= 1 && run.get("step").asLong() % STEPS_PER_EPOCH != 0;
            });
            first.kill();
            long killedAt = System.nanoTime();
            CheckpointPublished latestAtKill = Json.mapper().readValue(
                    BucketAndTopics.object(infra, ObjectKeys.runLatest(victimRun)), CheckpointPublished.class);
            assertThat(latestAtKill.epoch()).isLessThan(EPOCHS);

            // Within the failover bound (plus a rebalance and a read of the bucket) the survivor owns the run.
            await().atMost(Duration.ofSeconds(FAILOVER_SECONDS + 20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> secondId.equals(run(second, victimRun).get("trainer").asText()));
            Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
            System.out.printf("TrainerFailoverIT: run %s owned by the survivor %.1f s after the kill (failover %d s)%n",
                    victimRun, takeover.toMillis() / 1000.0, FAILOVER_SECONDS);
            assertThat(takeover).isLessThan(Duration.ofSeconds(FAILOVER_SECONDS + 20));

            await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(500)).until(() ->
                    "completed".equals(run(second, runA).get("state").asText())
                            && "completed".equals(run(second, runB).get("state").asText()));
            assertThat(Files.readString(second.log()))
                    .contains("Run " + victimRun + " resumes after epoch " + latestAtKill.epoch() + " ");

            for (String runId : List.of(runA, runB)) {
                assertTrainedOnce(runId);
            }
            assertThat(owners(victimRun)).containsExactly(firstId, secondId);
            assertThat(owners(survivorRun)).containsExactly(secondId);

            // A trainer started again gets partitions back but trains neither completed run.
            ServiceProcess again = startTrainer("again", started);
            String againId = instanceId(again);
            awaitMembersWithPartitions(admin, 2);
            await().atMost(Duration.ofMinutes(1)).until(() -> Files.readString(again.log())
                    .contains("Trainer " + againId + " has read its partitions"));
            assertThat(owners(victimRun)).containsExactly(firstId, secondId);
            assertThat(owners(survivorRun)).containsExactly(secondId);
            assertThat(run(again, runA).get("state").asText()).isEqualTo("completed");
            assertThat(run(again, runB).get("state").asText()).isEqualTo("completed");
            assertThat(Files.readString(again.log())).doesNotContain("resumes after epoch").doesNotContain(" starts: ");

            // A trainer stopped on purpose (SIGTERM): the other completes its run, every step and checkpoint once.
            String runC = create(second, 7);
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode run = run(second, runC);
                return "running".equals(run.get("state").asText()) && run.get("epoch").asInt() >= 1;
            });
            String holderId = run(second, runC).get("trainer").asText();
            ServiceProcess holder = holderId.equals(secondId) ? second : again;
            ServiceProcess other = holder == second ? again : second;
            String otherId = holder == second ? againId : secondId;
            long stoppedAt = System.nanoTime();
            holder.stop();
            await().atMost(Duration.ofSeconds(FAILOVER_SECONDS + 20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> otherId.equals(run(other, runC).get("trainer").asText()));
            System.out.printf("TrainerFailoverIT: run %s owned by the other trainer %.1f s after SIGTERM to its trainer%n",
                    runC, (System.nanoTime() - stoppedAt) / 1e9);
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "completed".equals(run(other, runC).get("state").asText()));
            assertTrainedOnce(runC);
            assertThat(Files.readString(other.log())).doesNotContain("did not start");
            assertThat(owners(runC)).containsExactly(holderId, otherId);
        } finally {
            started.forEach(ServiceProcess::stop);
        }
    }

    /** Steps 1..n once each, one checkpoint object per epoch, latest.json at the last epoch. */
    private static void assertTrainedOnce(String runId) throws Exception {
        long[] steps = Arrays.stream(new String(BucketAndTopics.object(infra, ObjectKeys.runMetrics(runId)),
                StandardCharsets.UTF_8).split("\n")).map(PackagedTrainer::metric).mapToLong(MetricPoint::step).toArray();
        assertThat(steps).as("steps of " + runId).containsExactly(LongStream.rangeClosed(1, (long) EPOCHS * STEPS_PER_EPOCH).toArray());
        List<String> checkpoints = BucketAndTopics.keys(infra, ObjectKeys.runCheckpointsPrefix(runId));
        assertThat(checkpoints).as("checkpoints of " + runId)
                .containsExactlyElementsOf(IntStream.rangeClosed(1, EPOCHS).mapToObj(e -> ObjectKeys.runCheckpoint(runId, e)).toList());
        CheckpointPublished latest = Json.mapper().readValue(BucketAndTopics.object(infra, ObjectKeys.runLatest(runId)),
                CheckpointPublished.class);
        assertThat(latest.epoch()).isEqualTo(EPOCHS);
        assertThat(latest.step()).isEqualTo((long) EPOCHS * STEPS_PER_EPOCH);
        assertThat(checkpoints).contains(latest.checkpointKey());
    }

    /** The instances of the run's owner generations, oldest first. */
    private static List<String> owners(String runId) throws Exception {
        List<String> instances = new ArrayList<>();
        for (String key : BucketAndTopics.keys(infra, ObjectKeys.runOwnersPrefix(runId))) {
            instances.add(Json.mapper().readValue(BucketAndTopics.object(infra, key), RunOwner.class).instance());
        }
        return instances;
    }

    private static void awaitMembersWithPartitions(Admin admin, int members) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(300)).until(() -> {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("toonforge-trainers"))
                    .describedGroups().get("toonforge-trainers").get();
            return group.members().size() == members
                    && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
        });
    }

    private static String create(ServiceProcess trainer, long seed) throws Exception {
        return Json.mapper().readTree(send(trainer, "POST", "/api/runs", "{\"dataset\":\"failover\",\"preset\":\"tiny-32\","
                + "\"epochs\":" + EPOCHS + ",\"batchSize\":16,\"seed\":" + seed + "}", 201)).get("runId").asText();
    }

    private static String instanceId(ServiceProcess trainer) throws Exception {
        Matcher m = INSTANCE.matcher(Files.readString(trainer.log()));
        assertThat(m.find()).as("instance id in the log of " + trainer.name()).isTrue();
        return m.group(1);
    }

    private static ServiceProcess startTrainer(String name, List<ServiceProcess> started) {
        Map<String, String> env = new HashMap<>(infra.serviceEnvironment());
        env.put("TOONFORGE_API_TOKEN", TOKEN);
        env.put("TOONFORGE_TRAINER_FAILOVER_SECONDS", String.valueOf(FAILOVER_SECONDS));
        env.put("TOONFORGE_TRAINER_CHECKPOINT_EVERY_SECONDS", "0");
        env.put("TOONFORGE_TRAINER_KEEP_LAST_CHECKPOINTS", "1000");
        env.put("TOONFORGE_TRAINER_PROGRESS_EVERY_STEPS", "1");
        env.put("TOONFORGE_TRAINER_PROGRESS_SAVE_SECONDS", "0");
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        ServiceProcess process = ServiceProcess.start("trainer-" + name, Paths.get(System.getProperty("trainer.jar")),
                FreePorts.resolve(0), env, List.of("-Xmx768m", "-Dorg.bytedeco.javacpp.maxbytes=2g"),
                logs.resolve("trainer-" + name + ".log"));
        started.add(process);
        return process.awaitReady(Duration.ofSeconds(120));
    }
}
