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

import java.net.URL;
import java.time.Duration;

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

        ImageClients clients = ImageClients.start(base, "swaps", CLIENTS, 32);
        try (clients) {
            await().atMost(Duration.ofSeconds(30)).until(() -> clients.ok.get() >= 50);
            TestCheckpoints.publish(infra, "swap-run", "swaps", 2, TestCheckpoints.gan(12));
            await().atMost(Duration.ofSeconds(60)).until(() -> clients.checkpointsSeen.contains("swap-run@2"));
            int afterSwap = clients.ok.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> clients.ok.get() >= afterSwap + 50);
            clients.stopAndJoin();
        }
        assertThat(clients.failures).as("failed requests").isEmpty();
        assertThat(clients.checkpointsSeen).containsExactlyInAnyOrder("swap-run@1", "swap-run@2");
        assertThat(SamplingTest.servedEpoch("swaps")).isEqualTo(2);
        assertThat(clients.ok.get()).isGreaterThan(100);
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
