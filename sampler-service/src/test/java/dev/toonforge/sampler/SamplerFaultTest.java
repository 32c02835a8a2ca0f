package dev.toonforge.sampler;

import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sampler under faults: checkpoints arriving every few seconds under 16 clients, and the object store going away. */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class SamplerFaultTest {

    private static final int CLIENTS = 16;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @InjectLocalInfra
    LocalInfra infra;

    @TestHTTPResource("/")
    URL base;

    @Test
    void sixteenClientsSeeNoFailureWhileCheckpointsArriveEveryFewSeconds() throws Exception {
        TestCheckpoints.publish(infra, "busy-run", "busy", 1, TestCheckpoints.gan(31));
        await().atMost(Duration.ofSeconds(60)).until(() -> SamplingTest.servedEpoch("busy") == 1);

        ImageClients clients = ImageClients.start(base, "busy", CLIENTS, 32);
        try (clients) {
            for (int epoch = 2; epoch <= 5; epoch++) {
                String expected = "busy-run@" + epoch;
                TestCheckpoints.publish(infra, "busy-run", "busy", epoch, TestCheckpoints.gan(30 + epoch));
                await().atMost(Duration.ofSeconds(60)).until(() -> clients.checkpointsSeen.contains(expected));
            }
            clients.stopAndJoin();
        }
        assertThat(clients.failures).as("failed requests").isEmpty();
        assertThat(clients.checkpointsSeen).contains("busy-run@1", "busy-run@5");
    }

    @Test
    void theLoadedModelKeepsServingWhileTheObjectStoreIsAway() throws Exception {
        TestCheckpoints.publish(infra, "calm-run", "calm", 1, TestCheckpoints.gan(41));
        await().atMost(Duration.ofSeconds(60)).until(() -> SamplingTest.servedEpoch("calm") == 1);

        infra.s3().stop();
        try {
            AtomicInteger seed = new AtomicInteger();
            await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> get("api/samples/calm/image.png?seed=" + seed.incrementAndGet()).statusCode() == 200);
        } finally {
            infra.s3().start();
        }
        TestCheckpoints.publish(infra, "calm-run", "calm", 2, TestCheckpoints.gan(42));
        await().atMost(Duration.ofSeconds(60)).until(() -> SamplingTest.servedEpoch("calm") == 2);
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
