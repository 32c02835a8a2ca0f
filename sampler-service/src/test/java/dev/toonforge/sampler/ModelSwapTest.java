package dev.toonforge.sampler;

import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Newer checkpoints replace older ones under load without a failed request; stale and unknown events change nothing. */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class ModelSwapTest {

    private static final int CLIENTS = 8;

    @InjectLocalInfra
    LocalInfra infra;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aNewerCheckpointReplacesTheOldWhileEightClientsRequestImages() throws Exception {
        TestCheckpoints.publish(infra, "swap-run", "swaps", 1, TestCheckpoints.gan(11));
        await().atMost(Duration.ofSeconds(60)).until(() -> SamplingTest.servedEpoch("swaps") == 1);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ok = new AtomicInteger();
        Set<String> checkpointsSeen = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        URI uri = URI.create(base + "api/samples/swaps/image.png?seed=" + (client * 1000 + i % 50));
                        try {
                            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                                    .build(), HttpResponse.BodyHandlers.ofByteArray());
                            BufferedImage image = r.statusCode() == 200
                                    ? ImageIO.read(new ByteArrayInputStream(r.body())) : null;
                            if (image == null || image.getWidth() != 32) {
                                failures.add(uri + " -> " + r.statusCode() + " " + new String(r.body()));
                            } else {
                                ok.incrementAndGet();
                                r.headers().firstValue("X-Toonforge-Checkpoint").ifPresent(checkpointsSeen::add);
                            }
                        } catch (Exception e) {
                            failures.add(uri + " -> " + e);
                        }
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() >= 50);
            TestCheckpoints.publish(infra, "swap-run", "swaps", 2, TestCheckpoints.gan(12));
            await().atMost(Duration.ofSeconds(60)).until(() -> checkpointsSeen.contains("swap-run@2"));
            int afterSwap = ok.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() >= afterSwap + 50);
            stop.set(true);
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            stop.set(true);
            clients.shutdownNow();
        }
        assertThat(failures).as("failed requests").isEmpty();
        assertThat(checkpointsSeen).containsExactlyInAnyOrder("swap-run@1", "swap-run@2");
        assertThat(SamplingTest.servedEpoch("swaps")).isEqualTo(2);
        assertThat(ok.get()).isGreaterThan(100);
    }

    @Test
    void staleEventsAndUnknownSchemaVersionsAreSkipped() throws Exception {
        CheckpointPublished e5 = TestCheckpoints.publish(infra, "stale-run", "stale", 5, TestCheckpoints.gan(21));
        await().atMost(Duration.ofSeconds(60)).until(() -> SamplingTest.servedEpoch("stale") == 5);
        // An older epoch of the same run (stored and announced late), and a newer one in a future schema version.
        TestCheckpoints.publish(infra, "stale-run", "stale", 3, TestCheckpoints.gan(22));
        CheckpointPublished e9 = TestCheckpoints.store(infra, "stale-run-future", "stale", 9, TestCheckpoints.gan(23));
        TestCheckpoints.send(infra, e9.kafkaKey(), EventCodec.encode(e9).replace("\"schemaVersion\":1", "\"schemaVersion\":2"));
        TestCheckpoints.send(infra, "junk", "not json at all");
        // A marker after them on the same (single-partition) topic: once it is loaded, the three before were handled.
        TestCheckpoints.publish(infra, "marker-run", "marker", 1, TestCheckpoints.gan(24));
        await().atMost(Duration.ofSeconds(60)).until(() -> SamplingTest.servedEpoch("marker") == 1);

        assertThat(SamplingTest.servedEpoch("stale")).isEqualTo(5);
        assertThat(e5.checkpointId()).isEqualTo("stale-run@5");
        assertThat(io.restassured.RestAssured.given().get("/api/samples/stale/image.png").header("X-Toonforge-Checkpoint"))
                .isEqualTo("stale-run@5");
    }
}
