package dev.toonforge.gallery;

import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import dev.toonforge.infra.testing.PrometheusText;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * The gallery's meters at /q/metrics after calls it passes on to stand-in sampler and ingest services and a browser on
 * the live event stream; its API description at /q/openapi.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
@QuarkusTestResource(StandInServices.class)
class GalleryMetricsTest {

    private static final String PROXIED = "toonforge_gallery_proxied_total";

    @InjectLocalInfra
    LocalInfra infra;

    @StandInServices.Inject
    StandInServices.StandIns standIns;

    @TestHTTPResource("/")
    URL base;

    @Test
    void callsPassedOnAreCountedByServiceAndOutcome() {
        standIns.newest.put("marge", "marge-run-1@2");
        PrometheusText before = metrics();
        given().get("/api/models/marge").then().statusCode(200);
        given().get("/api/models/marge").then().statusCode(200);
        given().header("Authorization", "Bearer right-token")
                .multiPart("files", "marge.png", TestPictures.png(TestPictures.face(2, 32)), "image/png")
                .post("/api/datasets/marge/images").then().statusCode(200);
        given().header("Authorization", "Bearer wrong")
                .multiPart("files", "marge.png", new byte[]{1, 2, 3}, "image/png")
                .post("/api/datasets/marge/images").then().statusCode(401);
        PrometheusText after = metrics();

        assertThat(increase(before, after, PROXIED, "target", "sampler", "outcome", "success")).isEqualTo(2);
        assertThat(increase(before, after, PROXIED, "target", "ingest", "outcome", "success")).isEqualTo(1);
        assertThat(increase(before, after, PROXIED, "target", "ingest", "outcome", "client_error")).isEqualTo(1);
    }

    @Test
    void subscribersAndRelayedEventsAreCounted() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body(containsString("live-events")));
        PrometheusText before = metrics();
        double subscribers = before.value("toonforge_gallery_live_subscribers").orElseThrow();
        String run = "marge-metered-run";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/events?run=" + run))
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(nextData(lines)).contains("\"type\":\"hello\"");
            assertThat(metrics().value("toonforge_gallery_live_subscribers")).contains(subscribers + 1);
            SeededRuns.progress(infra, "marge", run, 1, 5);
            SeededRuns.publishEpoch(infra, "marge", run, 1);
            String first = CompletableFuture.supplyAsync(() -> nextData(lines)).get(30, TimeUnit.SECONDS);
            String second = CompletableFuture.supplyAsync(() -> nextData(lines)).get(30, TimeUnit.SECONDS);
            assertThat(first + second).contains("\"type\":\"progress\"", "\"type\":\"checkpoint\"");
        }
        PrometheusText after = metrics();
        assertThat(increase(before, after, "toonforge_gallery_events_relayed_total", "type", "progress")).isEqualTo(1);
        assertThat(increase(before, after, "toonforge_gallery_events_relayed_total", "type", "checkpoint")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                metrics().value("toonforge_gallery_live_subscribers").orElseThrow() == subscribers);
    }

    @Test
    void theApiIsDescribed() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/runs/{runId}"))
                .body(containsString("/api/models/{dataset}"))
                .body(containsString("/api/events"))
                .body(containsString("Toonforge gallery"));
        // Swagger UI starts with an inline script: its pages alone allow one; the API keeps the strict policy.
        given().get("/q/swagger-ui/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self' 'unsafe-inline'"));
        given().get("/api/runs").then().statusCode(200)
                .header("Content-Security-Policy", not(containsString("unsafe-inline")));
    }

    private static PrometheusText metrics() {
        return PrometheusText.parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static double increase(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static String nextData(BufferedReader lines) {
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data:") && !line.contains("\"heartbeat\"")) {
                    return line.substring(5).trim();
                }
            }
            throw new AssertionError("the event stream ended");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
