package dev.toonforge.launcher;

import dev.toonforge.infra.demo.DemoFaces;
import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.EventCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole system, started by the same code as {@code ./toonforge up --no-demo} on free ports: upload a zip of characters,
 * train two epochs, see both checkpoint events, get a grid from the sampler, see both epochs in the gallery in a real
 * browser, stop everything and find no process left.
 */
class EndToEndIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void uploadTrainSampleAndWatchInTheGallery() throws Exception {
        SystemSettings settings = SystemSettings.onFreePorts(Path.of(System.getProperty("toonforge.repository")).toRealPath(),
                dataDir);
        List<Long> children;
        String token;
        try (ToonforgeSystem system = ToonforgeSystem.start(settings);
             ToonforgeClient client = new ToonforgeClient(settings, system.apiToken())) {
            children = system.childPids();
            token = system.apiToken();

            JsonNode report = client.uploadZip("e2e-faces", 32, "faces.zip", DemoFaces.zip(64, 3, 128));
            assertThat(report.get("accepted").size()).isEqualTo(64);
            assertThat(report.get("rejected").size()).isZero();

            // The trainer hears of the images through Kafka; a run may start once it has heard of a batch.
            String runId = await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> client.startRun(
                    Map.of("dataset", "e2e-faces", "preset", "tiny-32", "epochs", 2, "batchSize", 32, "seed", 11)),
                    id -> id != null);

            // Checkpoints come by time (every 30 s) and at the last epoch: epoch 2's is announced, epoch 1's only if the
            // first epoch ended 30 s after the start.
            List<CheckpointPublished> checkpoints = checkpointEvents(system.infra().kafka().bootstrapServers(), runId, 2);
            assertThat(checkpoints).extracting(CheckpointPublished::epoch).endsWith(2).isSubsetOf(1, 2);
            await().atMost(Duration.ofMinutes(1)).until(() -> "completed".equals(client.run(runId).get("state").asText()));

            String gridUrl = settings.url(settings.samplerPort()) + "/api/samples/e2e-faces/grid.png?count=16&seed=1";
            HttpResponse<byte[]> grid = await().atMost(Duration.ofMinutes(1)).until(() -> get(gridUrl), r -> r.statusCode() == 200);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(grid.body()));
            assertThat(image).as("a PNG grid of 16 images of 32 px").isNotNull();
            assertThat(image.getWidth()).isGreaterThanOrEqualTo(4 * 32);

            GalleryCheck.seesEpochs(settings.url(settings.galleryPort()), runId, 2, dataDir);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> children.stream()
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));

        // No secret in any service's log.
        try (var logs = java.nio.file.Files.list(settings.logDir())) {
            for (Path log : logs.toList()) {
                String text = java.nio.file.Files.readString(log);
                assertThat(text).as(log.getFileName().toString()).isNotEmpty()
                        .doesNotContain(token).doesNotContain(settings.s3SecretKey());
            }
        }
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The run's checkpoint events, read until the one of {@code lastEpoch} has come. */
    private static List<CheckpointPublished> checkpointEvents(String bootstrap, String runId, int lastEpoch) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<CheckpointPublished> events = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("checkpoints.published"));
            await().atMost(Duration.ofMinutes(5)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (runId.equals(r.key())) {
                        EventCodec.tryDecode(r.value(), CheckpointPublished.class, "checkpoints.published").ifPresent(events::add);
                    }
                }
                return events.stream().anyMatch(e -> e.epoch() == lastEpoch);
            });
        }
        return events;
    }
}
