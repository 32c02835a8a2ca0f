package dev.toonforge.sampler;

import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.ServingChoice;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A pin survives a restart: the stored choice is in the bucket before this sampler starts (no event for it), and the start-up
 * scan serves the pinned epoch instead of the run's newest.
 */
@QuarkusTest
@TestProfile(ServedAtStartTest.PinnedBeforeStart.class)
class ServedAtStartTest {

    static final String DATASET = "pinned-at-start";
    static final String RUN = "pinned-at-start-run";

    /** Its own infrastructure (not the one the other suites share), with a pinned dataset stored before the start. */
    public static class PinnedBeforeStart implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StoredPinResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    /** Epochs 1 and 2 of a run (latest.json: epoch 2) and a stored serving choice pinning epoch 1, stored before the service starts. */
    public static class StoredPinResource extends LocalInfraTestResource {

        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            try {
                TestCheckpoints.store(infra(), RUN, DATASET, 1, TestCheckpoints.gan(91));
                TestCheckpoints.store(infra(), RUN, DATASET, 2, TestCheckpoints.gan(92));
                Instant now = Instant.now();
                ServingChoice pin = ServingChoice.initial(DATASET).choose(ServingChoice.Choice.pinned(RUN, 1, now), now);
                TestCheckpoints.put(infra(), ObjectKeys.modelServedRevision(DATASET, pin.revision()),
                        Json.mapper().writeValueAsBytes(pin));
            } catch (Exception e) {
                throw new IllegalStateException("could not store the pinned dataset", e);
            }
            return config;
        }
    }

    @Test
    void theStartUpScanServesThePinnedEpochFromServedJson() {
        // Readiness waits for the scan, so once ready the pin must be in force.
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);

        assertThat(SamplingTest.servedEpoch(DATASET)).isEqualTo(1);
        byte[] epoch1 = SamplingTest.png("/api/samples/" + DATASET + "/image.png?seed=3&run=" + RUN + "&epoch=1", 200);
        assertThat(SamplingTest.png("/api/samples/" + DATASET + "/image.png?seed=3", 200)).isEqualTo(epoch1);
        given().get("/api/samples/" + DATASET + "/image.png?run=" + RUN).then().statusCode(200)
                .header("X-Toonforge-Checkpoint", RUN + "@2");
        given().get("/api/models/" + DATASET).then().statusCode(200)
                .body("servedAs", equalTo("pinned")).body("epoch", equalTo(1)).body("revision", equalTo(1))
                .body("applied", equalTo(true));
    }
}
