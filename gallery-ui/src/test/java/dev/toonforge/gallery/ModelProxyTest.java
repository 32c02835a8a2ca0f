package dev.toonforge.gallery;

import dev.toonforge.gallery.config.GallerySettings;
import dev.toonforge.gallery.metrics.GalleryMetrics;
import dev.toonforge.gallery.rest.ModelResource;
import dev.toonforge.gallery.service.SamplerForwarder;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import dev.toonforge.infra.testing.PrometheusText;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * The gallery's proxy of the sampler's serving choice ({@code /api/models/...}) against a stand-in sampler: the caller's
 * token and body reach the sampler untouched, its answers and errors come back as they are, and a sampler that does not
 * answer gives 502 with a reason.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
@QuarkusTestResource(StandInServices.class)
class ModelProxyTest {

    static final String DATASET = "bart";
    static final String RUN = "bart-run-1";

    @StandInServices.Inject
    StandInServices.StandIns standIns;

    @Inject
    GalleryMetrics metrics;

    @Test
    void whatADatasetServesAndTheThreeChangesPassThroughWithTheToken() {
        standIns.newest.put(DATASET, RUN + "@5");
        given().get("/api/models/" + DATASET).then().statusCode(200)
                .body("servedAs", equalTo("newest")).body("runId", equalTo(RUN)).body("epoch", equalTo(5))
                .body("previous", hasSize(0));

        given().header("Authorization", "Bearer right-token").contentType(ContentType.JSON)
                .body("{\"runId\":\"" + RUN + "\",\"epoch\":3}")
                .put("/api/models/" + DATASET).then().statusCode(200)
                .body("servedAs", equalTo("pinned")).body("epoch", equalTo(3)).body("revision", equalTo(1))
                .body("previous[0].mode", equalTo("newest"));
        StandInServices.ModelRequest pin = standIns.modelRequests.stream()
                .filter(r -> r.method().equals("PUT") && r.path().equals("/api/models/" + DATASET)).findFirst().orElseThrow();
        assertThat(pin.authorization()).isEqualTo("Bearer right-token");
        assertThat(pin.contentType()).startsWith("application/json");
        assertThat(pin.body()).isEqualTo("{\"runId\":\"" + RUN + "\",\"epoch\":3}");
        assertThat(standIns.servedModel(DATASET)).isEqualTo(RUN + "@3");

        given().header("Authorization", "Bearer right-token").delete("/api/models/" + DATASET).then().statusCode(200)
                .body("servedAs", equalTo("newest")).body("epoch", equalTo(5));
        given().header("Authorization", "Bearer right-token").post("/api/models/" + DATASET + "/rollback")
                .then().statusCode(200).body("servedAs", equalTo("pinned")).body("epoch", equalTo(3));
        assertThat(standIns.modelRequests).filteredOn(r -> !r.method().equals("GET") && r.path().contains(DATASET))
                .extracting(StandInServices.ModelRequest::method).containsExactly("PUT", "DELETE", "POST");

        given().get("/api/models").then().statusCode(404); // the stand-in has no list; its 404 comes back as it is
    }

    @Test
    void theSamplersErrorsComeBackAsTheyAre() {
        String dataset = "lisa";
        standIns.missingCheckpoints.add(1);
        given().contentType(ContentType.JSON).body("{\"runId\":\"lisa-run\",\"epoch\":2}")
                .put("/api/models/" + dataset).then().statusCode(401).body("error", containsString("bearer token"));
        given().header("Authorization", "Bearer wrong").delete("/api/models/" + dataset).then().statusCode(401);
        assertThat(standIns.modelRequests).anyMatch(r -> r.path().equals("/api/models/" + dataset)
                && "Bearer wrong".equals(r.authorization()));
        given().header("Authorization", "Bearer right-token").contentType(ContentType.JSON)
                .body("{\"runId\":\"lisa-run\",\"epoch\":1}")
                .put("/api/models/" + dataset).then().statusCode(404)
                .body("error", equalTo("Run 'lisa-run' has no stored checkpoint for epoch 1; stored epochs: 2, 3, 4."));
        given().header("Authorization", "Bearer right-token").contentType(ContentType.JSON).body("[]")
                .put("/api/models/" + dataset).then().statusCode(400).body("error", containsString("JSON object"));
        given().header("Authorization", "Bearer right-token").post("/api/models/" + dataset + "/rollback")
                .then().statusCode(409).body("error", containsString("nothing to roll back"));
        // The gallery checks the name itself before asking anyone.
        int before = standIns.modelRequests.size();
        given().get("/api/models/Bad_Name").then().statusCode(400);
        assertThat(standIns.modelRequests).hasSize(before);
        given().get("/api/models/" + dataset).then().statusCode(200).body("servedAs", equalTo("newest"))
                .body("runId", nullValue());
    }

    @Test
    void aSamplerThatDoesNotAnswerInTimeGives502() {
        standIns.modelDelay = Duration.ofSeconds(6);
        try {
            given().header("Authorization", "Bearer right-token").post("/api/models/maggie/rollback")
                    .then().statusCode(502)
                    .body("error", containsString("The sampler service at " + standIns.url() + " did not answer"))
                    .body("error", containsString("roll 'maggie' back"));
        } finally {
            standIns.modelDelay = Duration.ZERO;
        }
    }

    @Test
    void aSamplerThatIsNotRunningGives502() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String down = "http://127.0.0.1:" + closedPort;
        ModelResource resource = new ModelResource(new SamplerForwarder(settings(down), java.net.http.HttpClient.newHttpClient()),
                metrics);
        double unreachable = unreachableSamplerCalls();
        try (Response answer = resource.unpin("homer", "Bearer right-token")) {
            assertThat(answer.getStatus()).isEqualTo(502);
            assertThat(unreachableSamplerCalls()).as("counted in /q/metrics").isEqualTo(unreachable + 1);
            @SuppressWarnings("unchecked")
            Map<String, String> body = (Map<String, String>) answer.getEntity();
            assertThat(body.get("error")).contains("The sampler service at " + down + " did not answer",
                    "ConnectException", "serve the newest model of 'homer'", "Is it running?");
        }
    }

    private static double unreachableSamplerCalls() {
        return PrometheusText.parse(given().get("/q/metrics").then().statusCode(200).extract().asString())
                .sum("toonforge_gallery_proxied_total", "target", "sampler", "outcome", "unreachable");
    }

    private static GallerySettings settings(String samplerUrl) {
        return new GallerySettings() {
            public String samplerUrl() { return "http://localhost:1"; }
            public Optional<String> samplerApiUrl() { return Optional.of(samplerUrl); }
            public Duration samplerTimeout() { return Duration.ofSeconds(3); }
            public String ingestUrl() { return "http://localhost:1"; }
            public int thumbnailsPerDataset() { return 4; }
            public int maxChartPoints() { return 100; }
            public int maxGifFrames() { return 10; }
            public int gifFrameDelayMillis() { return 100; }
            public Duration uploadTimeout() { return Duration.ofSeconds(3); }
        };
    }
}
