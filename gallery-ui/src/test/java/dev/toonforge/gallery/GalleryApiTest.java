package dev.toonforge.gallery;

import dev.toonforge.contracts.storage.AlarmAction;
import dev.toonforge.contracts.storage.AlarmActions;
import dev.toonforge.contracts.storage.AlarmKind;
import dev.toonforge.contracts.storage.EpochScore;
import dev.toonforge.contracts.storage.RunAlarm;
import dev.toonforge.contracts.storage.RunState;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/** The backend API against a real Kafka broker and S3 server, with a run seeded as the trainer would leave it. */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
@QuarkusTestResource(StandInServices.class)
class GalleryApiTest {

    static final String DATASET = "homer";
    static final String RUN = "homer-api-run";
    private static boolean seeded;

    @InjectLocalInfra
    LocalInfra infra;

    @StandInServices.Inject
    StandInServices.StandIns standIns;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void seed() throws Exception {
        if (!seeded) {
            SeededRuns.seed(infra, DATASET, RUN, 3);
            seeded = true;
        }
    }

    @Test
    void listsRunsWithStateAndProgress() {
        given().get("/api/runs").then().statusCode(200)
                .body("runId", hasItem(RUN))
                .body("find { it.runId == '" + RUN + "' }.state", equalTo("running"))
                .body("find { it.runId == '" + RUN + "' }.epoch", equalTo(3))
                .body("find { it.runId == '" + RUN + "' }.epochs", equalTo(SeededRuns.EPOCHS));
    }

    @Test
    void showsARunsConfiguration() {
        given().get("/api/runs/" + RUN).then().statusCode(200)
                .body("dataset", equalTo(DATASET))
                .body("preset", equalTo("tiny-32"))
                .body("batchSize", equalTo(16))
                .body("createdAt", equalTo("2026-11-27T12:00:00Z"));
    }

    @Test
    void runJsonComesAsStoredWithFieldsTheGalleryDoesNotModel() throws Exception {
        String labelled = "homer-labelled-run";
        SeededRuns.seed(infra, DATASET, labelled, 2);
        SeededRuns.label(infra, labelled, "Homer, smoother", "Lower learning rate.", RUN, 3);
        given().get("/api/runs/" + labelled).then().statusCode(200)
                .body("runId", equalTo(labelled)).body("batchSize", equalTo(16))
                .body("name", equalTo("Homer, smoother")).body("note", equalTo("Lower learning rate."))
                .body("initFrom.runId", equalTo(RUN)).body("initFrom.epoch", equalTo(3))
                .body("initFrom.optimizerState", equalTo(true));
        given().get("/api/runs").then().statusCode(200)
                .body("find { it.runId == '" + labelled + "' }.initFrom.runId", equalTo(RUN))
                .body("find { it.runId == '" + RUN + "' }.name", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void unknownOrMalformedRunsGetAReason() {
        given().get("/api/runs/no-such-run").then().statusCode(404).body("error", containsString("no-such-run"));
        given().get("/api/runs/Bad_Name").then().statusCode(400);
        given().get("/api/runs/" + RUN + "/grids/99.png").then().statusCode(404).body("error", containsString("epoch 99"));
    }

    @Test
    void listsGridsOldestFirstAndServesThemAsPng() throws Exception {
        given().get("/api/runs/" + RUN + "/grids").then().statusCode(200)
                .body("epoch", equalTo(List.of(1, 2, 3)))
                .body("url[2]", equalTo("/api/runs/" + RUN + "/grids/3.png"));
        byte[] png = given().get("/api/runs/" + RUN + "/grids/3.png").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(TestPictures.GRID);
    }

    @Test
    void metricsComeAsStepAndEpochSeries() {
        int steps = 3 * SeededRuns.STEPS_PER_EPOCH;
        given().get("/api/runs/" + RUN + "/metrics").then().statusCode(200)
                .body("points", equalTo(steps))
                .body("steps.x", hasSize(steps))
                .body("steps.d", hasSize(steps))
                .body("steps.g", hasSize(steps))
                .body("epochs.x", equalTo(List.of(1, 2, 3)))
                .body("epochs.d", hasSize(3));
    }

    @Test
    void scoresComeAsAnEpochSeriesWithTheBestEpochAndTheRunCarriesItsOptionsAndAlarms() throws Exception {
        String scored = "homer-scored-run";
        SeededRuns.seed(infra, DATASET, scored, 6, 3);
        SeededRuns.score(infra, DATASET, scored, 6,
                new SeededRuns.RunConfigOptions(0.999, List.of("flip", "color"), new AlarmActions(AlarmAction.warn, AlarmAction.stop), 3),
                List.of(new EpochScore(3, 36, 61.0, 0.9, 0.2, 1), new EpochScore(6, 72, 48.75, 0.05, 0.2, 2)),
                List.of(new RunAlarm(AlarmKind.collapse, 6, 72, RunAlarm.WARNED, "samples' diversity 0.05 of the data's",
                        Instant.parse("2026-11-27T12:30:00Z"))),
                RunState.running, null);

        given().get("/api/runs/" + scored + "/scores").then().statusCode(200)
                .body("epochs", equalTo(List.of(3, 6)))
                .body("swd", equalTo(List.of(61.0f, 48.75f)))
                .body("diversity", equalTo(List.of(0.9f, 0.05f)))
                .body("bestEpoch", equalTo(6))
                .body("bestScore", equalTo(48.75f));
        given().get("/api/runs/" + scored).then().statusCode(200)
                .body("emaDecay", equalTo(0.999f))
                .body("augment", equalTo(List.of("flip", "color")))
                .body("onAlarm.collapse", equalTo("warn"))
                .body("onAlarm.discriminatorWins", equalTo("stop"))
                .body("scoreEveryEpochs", equalTo(3))
                .body("bestEpoch", equalTo(6))
                .body("alarms[0].kind", equalTo("collapse"))
                .body("alarms[0].epoch", equalTo(6))
                .body("alarms[0].message", equalTo("samples' diversity 0.05 of the data's"));
        // Grids every epoch, checkpoints every third: only those can be served.
        given().get("/api/runs/" + scored + "/grids").then().statusCode(200)
                .body("epoch", equalTo(List.of(1, 2, 3, 4, 5, 6)))
                .body("checkpoint", equalTo(List.of(false, false, true, false, false, true)));
    }

    @Test
    void aRunWithoutScoresHasEmptySeriesAndNoBestAndAnUnknownRunHasNoScores() {
        given().get("/api/runs/" + RUN + "/scores").then().statusCode(200)
                .body("epochs", hasSize(0))
                .body("bestEpoch", org.hamcrest.Matchers.nullValue());
        given().get("/api/runs/no-such-run/scores").then().statusCode(404).body("error", containsString("no-such-run"));
        given().get("/api/runs/Bad_Name/scores").then().statusCode(400);
    }

    @Test
    void theEvolutionGifIsAnAnimatedGifWithOneFramePerEpoch() throws Exception {
        byte[] gif = given().get("/api/runs/" + RUN + "/evolution.gif").then().statusCode(200)
                .contentType("image/gif")
                .header("Content-Disposition", containsString(RUN + "-evolution.gif"))
                .extract().asByteArray();
        assertThat(new String(gif, 0, 6, StandardCharsets.US_ASCII)).isEqualTo("GIF89a");
        assertThat(new String(gif, StandardCharsets.ISO_8859_1)).as("looping extension").contains("NETSCAPE2.0");
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(3);
            assertThat(reader.read(2).getWidth()).isEqualTo(TestPictures.GRID);
        }
    }

    @Test
    void listsDatasetsWithThumbnails() {
        String thumbnail = given().get("/api/datasets").then().statusCode(200)
                .body("find { it.dataset == 'homer' }.imageCount", equalTo(6))
                .body("find { it.dataset == 'homer' }.thumbnails", hasSize(4))
                .extract().path("find { it.dataset == 'homer' }.thumbnails[0]");
        given().get(thumbnail).then().statusCode(200).contentType("image/png");
    }

    @Test
    void everyResponseCarriesARestrictiveContentSecurityPolicy() {
        for (String path : List.of("/", "/run.html", "/api/runs", "/js/run.js")) {
            given().get(path).then().statusCode(200)
                    .header("Content-Security-Policy", containsString("default-src 'self'"))
                    .header("Content-Security-Policy", containsString("script-src 'self'"))
                    .header("Content-Security-Policy", containsString("connect-src 'self'"))
                    .header("Content-Security-Policy", containsString("img-src 'self' data: " + standIns.url()));
        }
    }

    @Test
    void pagesAndTheChartLibraryAreServedFromTheGallery() {
        given().get("/").then().statusCode(200).body(containsString("<script type=\"module\" src=\"/js/home.js\">"));
        given().get("/webjars/uplot/dist/uPlot.esm.js").then().statusCode(200).body(containsString("uPlot"));
        given().get("/webjars/uplot/dist/uPlot.min.css").then().statusCode(200);
        given().get("/api/config").then().statusCode(200).body("samplerUrl", equalTo(standIns.url()));
    }

    @Test
    void uploadsAreStreamedToIngestWithTheTokenAndItsAnswerComesBack() {
        given().header("Authorization", "Bearer right-token")
                .multiPart("files", "homer.png", TestPictures.png(TestPictures.face(1, 32)), "image/png")
                .multiPart("files", "notes.txt", "not an image".getBytes(StandardCharsets.UTF_8), "text/plain")
                .post("/api/datasets/simpsons/images?size=32")
                .then().statusCode(200)
                .body("accepted.name", equalTo(List.of("homer.png")))
                .body("rejected[0].reason", containsString("not an image"));
        StandInServices.Upload upload = standIns.uploads.stream().filter(u -> u.dataset().equals("simpsons")).findFirst()
                .orElseThrow();
        assertThat(upload.authorization()).isEqualTo("Bearer right-token");
        assertThat(upload.query()).isEqualTo("size=32");
        assertThat(upload.contentType()).startsWith("multipart/form-data; boundary=");
        assertThat(upload.bodyText()).contains("filename=\"homer.png\"", "filename=\"notes.txt\"", "not an image", "PNG");

        given().header("Authorization", "Bearer wrong")
                .multiPart("files", "homer.png", new byte[]{1, 2, 3}, "image/png")
                .post("/api/datasets/simpsons/images").then().statusCode(401)
                .body("error", containsString("token"));
        given().contentType(ContentType.JSON).body("{}").post("/api/datasets/simpsons/images").then().statusCode(415);
    }

    @Test
    void aCheckpointOnKafkaReachesTheEventStream() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body(containsString("live-events")));
        HttpClient client = HttpClient.newHttpClient();
        String live = "homer-live-run";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/events?run=" + live))
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(nextData(lines)).contains("\"type\":\"hello\"");
            SeededRuns.publishEpoch(infra, DATASET, "homer-other-run", 1);
            SeededRuns.publishEpoch(infra, DATASET, live, 4);
            String event = CompletableFuture.supplyAsync(() -> nextData(lines)).get(30, TimeUnit.SECONDS);
            assertThat(event).contains("\"type\":\"checkpoint\"", "\"runId\":\"" + live + "\"", "\"epoch\":4",
                    "\"gridUrl\":\"/api/runs/" + live + "/grids/4.png\"");
        }
    }

    @Test
    void anAlarmAndAScoredProgressOnKafkaReachTheEventStream() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body(containsString("live-events")));
        HttpClient client = HttpClient.newHttpClient();
        String live = "homer-alarm-run";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/events?run=" + live))
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(nextData(lines)).contains("\"type\":\"hello\"");
            SeededRuns.alarm(infra, DATASET, live, new RunAlarm(AlarmKind.collapse, 5, 60, RunAlarm.STOPPED,
                    "samples' diversity 0.04 of the data's", Instant.parse("2026-11-27T12:30:00Z")));
            String alarm = CompletableFuture.supplyAsync(() -> nextData(lines)).get(30, TimeUnit.SECONDS);
            assertThat(alarm).contains("\"type\":\"alarm\"", "\"runId\":\"" + live + "\"", "\"kind\":\"collapse\"",
                    "\"epoch\":5", "\"step\":60", "\"action\":\"stopped\"",
                    "\"message\":\"samples' diversity 0.04 of the data's\"");
            SeededRuns.progress(infra, DATASET, live, 6, 61, 42.5, 4);
            String progress = CompletableFuture.supplyAsync(() -> nextData(lines)).get(30, TimeUnit.SECONDS);
            assertThat(progress).contains("\"type\":\"progress\"", "\"score\":42.5", "\"bestEpoch\":4");
        }
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
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
