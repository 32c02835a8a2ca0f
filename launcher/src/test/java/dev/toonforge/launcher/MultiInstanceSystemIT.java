package dev.toonforge.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ImageIngested;
import dev.toonforge.contracts.storage.MetricPoint;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.RunOwner;
import dev.toonforge.infra.FreePorts;
import dev.toonforge.infra.demo.DemoFaces;
import dev.toonforge.infra.process.ServiceProcess;
import dev.toonforge.infra.testing.Concurrently;
import dev.toonforge.infra.testing.BucketObjects;
import dev.toonforge.infra.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances each of the ingest, trainer and sampler services (the packaged jars, started as {@code ./toonforge up
 * --scale ingest=2,trainer=2,sampler=2} starts them) and of the gallery (the second one talks to the second ingest and
 * sampler) on one Kafka broker and one S3 server, started once for every test here. Each test works on a dataset of its
 * own; the one that kills a trainer runs last. The launcher module's failsafe configuration gives the trainers a short
 * failover time and checkpoints every few seconds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiInstanceSystemIT {

    private static final Logger LOG = LoggerFactory.getLogger(MultiInstanceSystemIT.class);

    private static final int UPLOAD_CLIENTS = 8;
    private static final int SAMPLE_CLIENTS = 8;
    private static final Duration SAMPLE_PERIOD = Duration.ofMillis(50);
    private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(5);
    /** TOONFORGE_TRAINER_FAILOVER_SECONDS in the launcher's failsafe configuration. */
    private static final int FAILOVER_SECONDS = 10;
    private static final int FAILOVER_EPOCHS = 30;
    /** 64 faces in batches of 16. */
    private static final int STEPS_PER_EPOCH = 4;
    private static final Pattern TRAINER_ID = Pattern.compile("Trainer (trainer-(?:cpu|gpu)-[0-9a-f]{8}) joins group");

    @TempDir
    static Path dataDir;

    private static ToonforgeSystem system;
    private static ToonforgeClient client;
    private static List<ServiceProcess> ingests;
    private static List<ServiceProcess> trainers;
    private static List<ServiceProcess> samplers;
    private static List<ServiceProcess> galleries;

    @BeforeAll
    static void start() throws Exception {
        SystemSettings settings = SystemSettings.onFreePorts(Path.of(System.getProperty("toonforge.repository")).toRealPath(),
                dataDir);
        system = ToonforgeSystem.start(settings, LaunchToken.fromDataFolder(dataDir),
                Scale.parse("ingest=2,trainer=2,sampler=2"));
        client = new ToonforgeClient(settings, system.apiToken());
        ingests = instancesOf("ingest-service", 2);
        trainers = instancesOf("trainer-service", 2);
        samplers = instancesOf("sampler-service", 2);
        ServiceProcess firstGallery = instancesOf("gallery-ui", 1).get(0);
        ServiceProcess secondGallery = system.startInstance(new ServiceSpec("gallery-ui", 2, FreePorts.resolve(0),
                List.of("-Xmx384m"), Map.of("TOONFORGE_GALLERY_SAMPLER_URL", samplers.get(1).url(""),
                        "TOONFORGE_GALLERY_INGEST_URL", ingests.get(1).url(""))));
        galleries = List.of(firstGallery, secondGallery);
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void identicalUploadsToBothIngestsAtOnceStoreAndAnnounceEachPictureOnce() throws Exception {
        String dataset = newDataset("same-pictures");
        Map<String, byte[]> pictures = DemoFaces.pngs(16, 21, 48);
        byte[] zip = DemoFaces.zip("faces/", pictures);

        // Each client sends every picture to one of the two instances: half as single files, half as the identical zip.
        List<JsonNode> reports = Concurrently.atOnce(UPLOAD_CLIENTS, c -> client.upload(ingests.get(c % 2).url(""),
                dataset, 32, c % 4 < 2 ? pictures : Map.of("faces.zip", zip)));

        Set<String> accepted = new HashSet<>();
        int acceptedTotal = 0;
        for (JsonNode report : reports) {
            List<String> hashes = new ArrayList<>();
            report.get("accepted").forEach(a -> hashes.add(a.get("sha256").asText()));
            acceptedTotal += hashes.size();
            accepted.addAll(hashes);
            assertThat(hashes.size() + report.get("duplicates").size()).as(report.toString()).isEqualTo(pictures.size());
            assertThat(report.get("rejected")).as(report.toString()).isEmpty();
        }
        assertThat(acceptedTotal).as("each picture accepted by exactly one request").isEqualTo(pictures.size());
        assertThat(accepted).hasSize(pictures.size());

        assertThat(bucket().imageHashes(dataset))
                .as("one object per picture").containsExactlyInAnyOrderElementsOf(accepted);
        try (TopicReader reader = new TopicReader(system.infra().kafka().bootstrapServers(), Topics.IMAGES_INGESTED)) {
            List<String> announced = reader.valuesFor(dataset).stream()
                    .map(json -> EventCodec.tryDecode(json, ImageIngested.class, Topics.IMAGES_INGESTED).orElseThrow().sha256())
                    .toList();
            assertThat(announced).as("one event per picture").hasSize(pictures.size())
                    .containsExactlyInAnyOrderElementsOf(accepted);
        }
        for (ServiceProcess ingest : ingests) {
            JsonNode view = client.get(ingest.url("/api/datasets/" + dataset));
            assertThat(view.get("imageCount").asInt()).as(ingest.name()).isEqualTo(pictures.size());
            assertThat(view.get("imageSize").asInt()).as(ingest.name()).isEqualTo(32);
        }
    }

    @Test
    @Order(2)
    void bothSamplersSwapToANewCheckpointUnderLoadWithoutAFailedRequestAndBothGalleriesShowIt() throws Exception {
        String dataset = newDataset("swap");
        client.upload(ingests.get(0).url(""), dataset, 32, Map.of("faces.zip", DemoFaces.zip(64, 7, 32)));

        // The first model: a one-epoch run on the first trainer, served by both samplers before the load starts.
        String first = trainOneEpoch(trainers.get(0), dataset, 1);
        awaitServedEverywhere(dataset, first);

        try (SamplerLoad load = SamplerLoad.start(samplers.stream().map(s -> s.url("")).toList(), dataset, SAMPLE_CLIENTS,
                SAMPLE_PERIOD);
             LiveEventStream firstGallery = LiveEventStream.open(galleries.get(0).url(""));
             LiveEventStream secondGallery = LiveEventStream.open(galleries.get(1).url(""))) {
            await().atMost(Duration.ofMinutes(1)).until(() -> samplers.stream().allMatch(s -> load.servedRun(s.url(""), first)));
            await().atMost(Duration.ofMinutes(1)).until(() -> firstGallery.isOpen() && secondGallery.isOpen());

            // A newer checkpoint of the dataset, from a run on the other trainer: both samplers take it while loaded.
            String second = trainOneEpoch(trainers.get(1), dataset, 2);
            awaitServedEverywhere(dataset, second);
            await().atMost(Duration.ofMinutes(1)).until(() -> samplers.stream().allMatch(s -> load.servedRun(s.url(""), second)));
            load.close();
            LOG.info("{}", load.summary());

            // Each gallery's live stream announces the new epoch, whichever instance a browser reaches.
            for (LiveEventStream gallery : List.of(firstGallery, secondGallery)) {
                await(gallery.url()).atMost(Duration.ofMinutes(1)).until(() -> gallery.has("checkpoint", second, 1));
            }

            assertThat(load.failures()).as("failed sample requests (of %d sent)", load.sent()).isEmpty();
            assertThat(load.failed()).isZero();
            for (ServiceProcess sampler : samplers) {
                assertThat(load.servedBy(sampler.url(""))).as(sampler.name() + " served before and after the swap")
                        .containsKeys(first + "@1", second + "@1");
            }
        }
    }

    @Test
    @Order(3)
    void twoRunsTrainInParallelOnePerTrainerAndAKilledTrainersRunIsFinishedByTheOtherWithNothingTrainedTwice()
            throws Exception {
        String dataset = newDataset("failover");
        client.upload(ingests.get(1).url(""), dataset, 32, Map.of("faces.zip", DemoFaces.zip(64, 11, 32)));
        Map<String, ServiceProcess> trainerById = Map.of(trainerId(trainers.get(0)), trainers.get(0),
                trainerId(trainers.get(1)), trainers.get(1));

        // Both runs are asked of the first trainer; the group's placement gives one to each trainer, and both train.
        String runA = startRun(trainers.get(0), dataset, FAILOVER_EPOCHS, 5);
        String runB = startRun(trainers.get(0), dataset, FAILOVER_EPOCHS, 6);
        ServiceProcess reader = trainers.get(1);
        await().atMost(TRAINING_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() ->
                isTraining(run(reader, runA)) && isTraining(run(reader, runB)));
        String ownerOfA = run(reader, runA).get("trainer").asText();
        String ownerOfB = run(reader, runB).get("trainer").asText();
        assertThat(List.of(ownerOfA, ownerOfB)).as("one run per trainer, at the same time")
                .containsExactlyInAnyOrderElementsOf(trainerById.keySet());

        // SIGKILL the trainer of run A in the middle of an epoch, once it has stored a checkpoint.
        ServiceProcess victim = trainerById.get(ownerOfA);
        ServiceProcess survivor = trainerById.get(ownerOfB);
        await().atMost(TRAINING_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode run = run(victim, runA);   // its owner reports it live; the others read run.json, saved every few s
            return run.get("epoch").asInt() >= 1 && run.get("step").asLong() % STEPS_PER_EPOCH != 0;
        });
        victim.kill();
        long killedAt = System.nanoTime();
        CheckpointPublished latestAtKill = parse(bucket().object(ObjectKeys.runLatest(runA)), CheckpointPublished.class);
        assertThat(latestAtKill.epoch()).isLessThan(FAILOVER_EPOCHS);

        // The survivor owns run A within the failover bound and finishes both runs.
        await().atMost(Duration.ofSeconds(FAILOVER_SECONDS + 30)).pollInterval(Duration.ofMillis(200))
                .until(() -> ownerOfB.equals(run(survivor, runA).get("trainer").asText()));
        LOG.info("Run {} owned by the surviving trainer {} s after the kill (failover {} s)", runA,
                (System.nanoTime() - killedAt) / 1_000_000_000L, FAILOVER_SECONDS);
        await().atMost(TRAINING_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() ->
                "completed".equals(run(survivor, runA).get("state").asText())
                        && "completed".equals(run(survivor, runB).get("state").asText()));
        assertThat(Files.readString(survivor.log())).contains("Run " + runA + " resumes after epoch " + latestAtKill.epoch() + " ");

        for (String runId : List.of(runA, runB)) {
            assertTrainedOnce(runId, FAILOVER_EPOCHS, STEPS_PER_EPOCH);
        }
        assertThat(owners(runA)).as("owner generations of the killed trainer's run").containsExactly(ownerOfA, ownerOfB);
        assertThat(owners(runB)).containsExactly(ownerOfB);
    }

    /** Every step once, in order, in the run's metrics; latest.json at its last epoch and step, naming a stored checkpoint. */
    private static void assertTrainedOnce(String runId, int epochs, int stepsPerEpoch) throws Exception {
        long[] steps = new String(bucket().object(ObjectKeys.runMetrics(runId)), StandardCharsets.UTF_8).lines()
                .map(line -> parse(line.getBytes(StandardCharsets.UTF_8), MetricPoint.class)).mapToLong(MetricPoint::step).toArray();
        assertThat(steps).as("steps of " + runId).containsExactly(LongStream.rangeClosed(1, (long) epochs * stepsPerEpoch)
                .toArray());
        CheckpointPublished latest = parse(bucket().object(ObjectKeys.runLatest(runId)), CheckpointPublished.class);
        assertThat(latest.epoch()).isEqualTo(epochs);
        assertThat(latest.step()).isEqualTo((long) epochs * stepsPerEpoch);
        assertThat(bucket().keys(ObjectKeys.runCheckpointsPrefix(runId))).contains(latest.checkpointKey());
    }

    /** The instances of the run's owner generations, oldest first. */
    private static List<String> owners(String runId) {
        return bucket().keys(ObjectKeys.runOwnersPrefix(runId)).stream()
                .map(key -> parse(bucket().object(key), RunOwner.class).instance())
                .toList();
    }

    private static <T> T parse(byte[] json, Class<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isTraining(JsonNode run) {
        return "running".equals(run.get("state").asText()) && run.get("step").asLong() > 0;
    }

    private static JsonNode run(ServiceProcess trainer, String runId) {
        return client.get(trainer.url("/api/runs/" + runId));
    }

    private static String trainerId(ServiceProcess trainer) throws Exception {
        Matcher m = TRAINER_ID.matcher(Files.readString(trainer.log()));
        assertThat(m.find()).as("the instance id in the log of " + trainer.name()).isTrue();
        return m.group(1);
    }

    private static BucketObjects bucket() {
        return new BucketObjects(system.infra().minioClient(), system.infra().bucket());
    }

    /** Starts a run of tiny-32 in batches of 16 through the trainer's API; the trainer may hear of the images late. */
    private static String startRun(ServiceProcess trainer, String dataset, int epochs, long seed) {
        return await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> client.startRun(trainer.url(""),
                Map.of("dataset", dataset, "preset", "tiny-32", "epochs", epochs, "batchSize", 16, "seed", seed)),
                id -> id != null);
    }

    /** Starts a one-epoch run through the trainer's API and returns its id once the trainer reports it completed. */
    private static String trainOneEpoch(ServiceProcess trainer, String dataset, long seed) {
        // The trainer may hear of the dataset's images a moment after the upload answered.
        String runId = await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> client.startRun(trainer.url(""),
                Map.of("dataset", dataset, "preset", "tiny-32", "epochs", 1, "batchSize", 32, "seed", seed)), id -> id != null);
        await().atMost(TRAINING_TIMEOUT).until(() -> "completed".equals(
                client.get(trainer.url("/api/runs/" + runId)).get("state").asText()));
        return runId;
    }

    /** Waits until every sampler says the dataset serves the run's first epoch. */
    private static void awaitServedEverywhere(String dataset, String runId) {
        for (ServiceProcess sampler : samplers) {
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> {
                JsonNode served = client.get(sampler.url("/api/models/" + dataset));
                return runId.equals(served.get("runId").asText()) && served.get("epoch").asInt() == 1;
            });
        }
    }

    private static List<ServiceProcess> instancesOf(String service, int count) {
        List<ServiceProcess> instances = system.services().stream().filter(s -> s.name().startsWith(service)).toList();
        assertThat(instances).as(service).hasSize(count);
        return instances;
    }

    private static String newDataset(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
