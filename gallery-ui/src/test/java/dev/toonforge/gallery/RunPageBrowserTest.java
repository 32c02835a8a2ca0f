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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run page in Debian's headless Chromium, driven by Selenium, against the gallery with a real broker and S3 server:
 * a run seeded with 3 epochs, a 4th announced on Kafka while the page is open, the generate panel against a stand-in
 * sampler, a run's quality scores, best epoch, alarms (stored and live) and training options, no console errors, and
 * screenshots under target/screenshots for people to look at.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
@QuarkusTestResource(StandInServices.class)
class RunPageBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String DATASET = "homer";
    static final String RUN = "homer-browser-run";

    private static ChromeDriver driver;
    private static Path profile;

    @InjectLocalInfra
    LocalInfra infra;

    @StandInServices.Inject
    StandInServices.StandIns standIns;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void browser() throws Exception {
        // A missing browser fails the suite (it never skips): .ci/run installs it on a fresh machine.
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "The browser test needs Debian's Chromium: apt-get install -y chromium chromium-driver");
        profile = Files.createTempDirectory("gallery-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,1000", "--hide-scrollbars");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void closeBrowser() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void theRunPageShowsTheEvolutionLiveAndGeneratesFromTheSampler() throws Exception {
        SeededRuns.seed(infra, DATASET, RUN, 3);
        // The gallery relays only events produced after its consumers are in place.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body(containsString("live-events")));

        driver.get(base + "run.html?id=" + RUN);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(d -> "true".equals(body(d).getDomAttribute("data-ready")));
        wait.until(d -> "connected".equals(body(d).getDomAttribute("data-live")));
        Object pageLoadedAt = js().executeScript("return performance.timeOrigin");

        // Three grids, the newest shown.
        assertThat(driver.findElements(By.cssSelector("#timeline img"))).hasSize(3);
        assertThat(text("grid-caption")).isEqualTo("Epoch 3 of " + SeededRuns.EPOCHS);
        assertThat(driver.findElement(By.id("run-title")).getText()).isEqualTo(RUN);
        assertThat(driver.findElement(By.id("config")).getText()).contains("tiny-32", "Batch size", "16");

        // The slider and the keyboard move between them.
        WebElement slider = driver.findElement(By.id("epoch-slider"));
        slider.sendKeys(Keys.ARROW_LEFT);
        wait.until(d -> text("grid-caption").startsWith("Epoch 2"));
        assertThat(driver.findElement(By.id("grid")).getDomAttribute("src")).endsWith("/grids/2.png");
        slider.sendKeys(Keys.ARROW_LEFT);
        wait.until(d -> text("grid-caption").startsWith("Epoch 1"));
        body(driver).sendKeys(Keys.END);
        wait.until(d -> text("grid-caption").startsWith("Epoch 3"));
        wait.until(d -> imageLoaded(d.findElement(By.id("grid"))));

        // A new epoch announced on Kafka appears without a reload, and the page follows it.
        SeededRuns.publishEpoch(infra, DATASET, RUN, 4);
        wait.until(d -> d.findElements(By.cssSelector("#timeline img")).size() == 4);
        wait.until(d -> text("grid-caption").startsWith("Epoch 4"));
        wait.until(d -> imageLoaded(d.findElement(By.id("grid"))));
        assertThat(js().executeScript("return performance.timeOrigin")).as("no reload").isEqualTo(pageLoadedAt);
        assertThat(driver.findElement(By.id("grid")).getDomAttribute("alt")).contains("epoch 4");

        // Training progress moves the bar: epoch 5 is half done.
        SeededRuns.progress(infra, DATASET, RUN, 5, 4L * SeededRuns.STEPS_PER_EPOCH + SeededRuns.STEPS_PER_EPOCH / 2);
        wait.until(d -> text("run-progress-text").startsWith("epoch 5 / " + SeededRuns.EPOCHS));
        assertThat(driver.findElement(By.id("run-bar")).getDomProperty("value")).isEqualTo("4.5");

        // Play animates from the first epoch to the last.
        WebElement play = driver.findElement(By.id("play"));
        play.click();
        wait.until(d -> "true".equals(play.getDomAttribute("aria-pressed")));
        wait.until(d -> "false".equals(play.getDomAttribute("aria-pressed")));
        assertThat(text("grid-caption")).startsWith("Epoch 4");

        // The GIF link and the loss charts (uPlot draws on canvases).
        assertThat(driver.findElement(By.id("gif")).getDomAttribute("href")).isEqualTo("/api/runs/" + RUN + "/evolution.gif");
        assertThat(driver.findElements(By.cssSelector("#chart-steps canvas"))).isNotEmpty();
        assertThat(driver.findElements(By.cssSelector("#chart-epochs canvas"))).isNotEmpty();

        // Generate: images straight from the sampler (a stand-in serving real PNGs).
        WebElement seed = driver.findElement(By.id("gen-seed"));
        seed.clear();
        seed.sendKeys("7");
        WebElement count = driver.findElement(By.id("gen-count"));
        count.clear();
        count.sendKeys("6");
        driver.findElement(By.id("gen-submit")).click();
        wait.until(d -> "6".equals(d.findElement(By.id("generate")).getDomAttribute("data-loaded")));
        List<WebElement> generated = driver.findElements(By.cssSelector("#gen-results img"));
        assertThat(generated).hasSize(6).allSatisfy(image -> assertThat(imageLoaded(image)).isTrue());
        assertThat(generated.get(0).getDomAttribute("alt")).isEqualTo("Generated homer character, seed 7");
        assertThat(driver.findElement(By.id("gen-url")).getDomProperty("value"))
                .isEqualTo(standIns.url() + "/api/samples/homer/grid.png?count=6&seed=7");
        assertThat(standIns.samplerRequests).anyMatch(r -> r.startsWith("/api/samples/homer/image.png?seed=12&scale=4"));

        screenshot("run-page.png");
        assertNoConsoleErrors();

        driver.get(base.toString());
        wait.until(d -> "true".equals(body(d).getDomAttribute("data-ready")));
        wait.until(d -> imageLoaded(d.findElement(By.cssSelector(".run[data-run-id='" + RUN + "'] img"))));
        screenshot("home.png");
        assertNoConsoleErrors();
    }

    @Test
    void theScoreCurveMarksTheBestEpochAndAlarmsBadgeTheirEpochsLive() throws Exception {
        String dataset = "bart";
        String run = "bart-scored-run";
        // Six epochs with a grid each, a checkpoint every second epoch, a score every second epoch: the best is epoch 4;
        // the trainer warned of a collapse at epoch 6.
        SeededRuns.seed(infra, dataset, run, 6, 2);
        SeededRuns.RunConfigOptions options = new SeededRuns.RunConfigOptions(0.999,
                List.of("flip", "translation", "cutout"), new AlarmActions(AlarmAction.stop, AlarmAction.warn), 2);
        List<EpochScore> scores = new ArrayList<>(List.of(score(2, 80.0, 0.9), score(4, 42.5, 0.8), score(6, 57.25, 0.04)));
        List<RunAlarm> alarms = new ArrayList<>(List.of(new RunAlarm(AlarmKind.collapse, 6, 72, RunAlarm.WARNED,
                "samples' diversity 0.04 of the data's", Instant.now())));
        SeededRuns.score(infra, dataset, run, 6, options, scores, alarms, RunState.running, null);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body(containsString("live-events")));

        driver.get(base + "run.html?id=" + run);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(d -> "true".equals(body(d).getDomAttribute("data-ready")));
        wait.until(d -> "connected".equals(body(d).getDomAttribute("data-live")));
        Object pageLoadedAt = js().executeScript("return performance.timeOrigin");

        // The score chart is drawn beside the losses, the best epoch marked at epoch 4 (the middle of epochs 2..6).
        assertThat(text("score-best")).isEqualTo("best: epoch 4, score 42.5");
        BestMarker marker = bestMarker();
        assertThat(marker.pixels()).as("pixels of the best-epoch marker").isGreaterThan(30);
        assertThat(marker.spread()).as("the marker is one vertical line and its ring").isLessThanOrEqualTo(20);
        assertThat(marker.relativeX()).as("the marker's place on the epoch axis").isBetween(0.35, 0.65);
        assertThat(driver.findElements(By.cssSelector("#timeline li[data-epoch='4'] .best-mark"))).hasSize(1);

        // The run's options, in its head and in its configuration.
        assertThat(text("run-options")).isEqualTo("EMA decay 0.999 · augmentations: flip, translation, cutout"
                + " · on collapse: stop the run · on discriminator wins: warn · score every 2 epochs");
        assertThat(configuration()).contains(Map.entry("EMA decay", "0.999"),
                Map.entry("Augmentations", "flip, translation, cutout"), Map.entry("On collapse", "stop the run"),
                Map.entry("On discriminator wins", "warn"), Map.entry("Score measured", "every 2 epochs"));

        // The stored alarm: listed on the run, a badge on epoch 6 (and on no other), its text under epoch 6's grid.
        assertThat(text("alarm-list")).isEqualTo(
                "collapse at epoch 6 (step 72), warned, training went on: samples' diversity 0.04 of the data's");
        assertThat(alarmBadges()).containsExactly(Map.entry("6", "⚠ collapse"));
        assertThat(driver.findElement(By.cssSelector("#timeline li[data-epoch='6'] .alarm-badge")).getDomAttribute("title"))
                .isEqualTo("collapse: samples' diversity 0.04 of the data's");
        assertThat(text("grid-caption")).startsWith("Epoch 6");
        assertThat(text("grid-alarms")).isEqualTo("⚠ collapse: samples' diversity 0.04 of the data's");

        // Serve this epoch only where a checkpoint is stored: epoch 6 can be served, epoch 5 says why not.
        assertThat(driver.findElement(By.id("serve-epoch")).isEnabled()).isTrue();
        assertThat(driver.findElement(By.id("serve-epoch-note")).isDisplayed()).isFalse();
        showEpoch(5, wait);
        assertThat(driver.findElement(By.id("serve-epoch")).isEnabled()).isFalse();
        assertThat(driver.findElement(By.id("serve-epoch")).getDomAttribute("title")).contains("Epoch 5 has no stored checkpoint");
        assertThat(text("serve-epoch-note")).isEqualTo("No checkpoint for epoch 5");
        assertThat(driver.findElement(By.id("grid-alarms")).isDisplayed()).isFalse();
        showEpoch(4, wait);
        assertThat(driver.findElement(By.id("serve-epoch")).isEnabled()).isTrue();
        body(driver).sendKeys(Keys.END);
        wait.until(d -> text("grid-caption").startsWith("Epoch 6"));

        // Training goes on: epoch 7 has a grid only, epoch 8 a checkpoint and a new best score. No checkpoint event is
        // announced; the progress event with the score brings both epochs and the new best without a reload.
        SeededRuns.storeGrid(infra, run, 7);
        SeededRuns.storeGrid(infra, run, 8);
        SeededRuns.putCheckpoint(infra, run, 8);
        scores.add(score(8, 30.5, 0.7));
        SeededRuns.score(infra, dataset, run, 8, options, scores, alarms, RunState.running, null);
        SeededRuns.progress(infra, dataset, run, 9, 8L * SeededRuns.STEPS_PER_EPOCH + 1, 30.5, 8);
        wait.until(d -> text("score-best").equals("best: epoch 8, score 30.5"));
        wait.until(d -> d.findElements(By.cssSelector("#timeline img")).size() == 8);
        wait.until(d -> text("grid-caption").startsWith("Epoch 8"));
        BestMarker moved = bestMarker();
        assertThat(moved.pixels()).isGreaterThan(30);
        assertThat(moved.relativeX()).as("the marker moved to the newest epoch, 8").isGreaterThan(0.7);
        assertThat(driver.findElement(By.id("serve-epoch")).isEnabled()).isTrue();
        showEpoch(7, wait);
        assertThat(driver.findElement(By.id("serve-epoch")).isEnabled()).isFalse();
        assertThat(text("serve-epoch-note")).isEqualTo("No checkpoint for epoch 7");

        // An alarm announced on Kafka: a badge on its epoch and a line in the list, without a reload.
        RunAlarm wins = new RunAlarm(AlarmKind.discriminatorWins, 8, 96, RunAlarm.WARNED,
                "D loss below 0.01 for 40 steps while G loss rose to 7.9", Instant.now());
        SeededRuns.alarm(infra, dataset, run, wins);
        wait.until(d -> alarmBadges().containsKey("8"));
        assertThat(alarmBadges()).containsExactly(Map.entry("6", "⚠ collapse"), Map.entry("8", "⚠ discriminator wins"));
        assertThat(text("alarm-list")).endsWith("discriminator wins at epoch 8 (step 96), warned, training went on: "
                + "D loss below 0.01 for 40 steps while G loss rose to 7.9");
        showEpoch(8, wait);
        assertThat(text("grid-alarms")).isEqualTo("⚠ discriminator wins: D loss below 0.01 for 40 steps while G loss rose to 7.9");

        // Divergence: the run fails with its reason, shown in its head and in the list.
        alarms.add(wins);
        RunAlarm diverged = new RunAlarm(AlarmKind.divergence, 9, 100, RunAlarm.FAILED, "G loss is NaN at step 100",
                Instant.now());
        alarms.add(diverged);
        SeededRuns.score(infra, dataset, run, 8, options, scores, alarms, RunState.failed,
                "diverged at epoch 9, step 100: G loss is NaN; the last good checkpoint is epoch 8");
        SeededRuns.alarm(infra, dataset, run, diverged);
        wait.until(d -> text("run-status").startsWith("Failed: "));
        assertThat(text("run-status")).isEqualTo(
                "Failed: diverged at epoch 9, step 100: G loss is NaN; the last good checkpoint is epoch 8");
        assertThat(text("run-state")).isEqualTo("failed");
        assertThat(text("alarm-list")).endsWith("divergence at epoch 9 (step 100), run failed: G loss is NaN at step 100");
        assertThat(driver.findElements(By.cssSelector("#alarm-list li"))).hasSize(3);
        assertThat(js().executeScript("return performance.timeOrigin")).as("no reload").isEqualTo(pageLoadedAt);
        screenshot("run-page-scores.png");
        assertNoConsoleErrors();

        // Home: the run carries a badge naming its alarms.
        driver.get(base.toString());
        wait.until(d -> "true".equals(body(d).getDomAttribute("data-ready")));
        assertThat(driver.findElement(By.cssSelector(".run[data-run-id='" + run + "'] .tag.warn")).getText())
                .isEqualTo("⚠ collapse, discriminator wins, divergence");
        assertNoConsoleErrors();
    }

    private static EpochScore score(int epoch, double swd, double diversity) {
        return new EpochScore(epoch, (long) epoch * SeededRuns.STEPS_PER_EPOCH, swd, diversity, 0.3, 1_700_000_000_000L + epoch);
    }

    /** The configuration list, name to value. */
    private Map<String, String> configuration() {
        List<WebElement> names = driver.findElements(By.cssSelector("#config dt"));
        List<WebElement> values = driver.findElements(By.cssSelector("#config dd"));
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            rows.put(names.get(i).getText(), values.get(i).getText());
        }
        return rows;
    }

    /**
     * Epoch number to badge text, for every epoch on the timeline with an alarm badge. Read in one script, so that a
     * timeline the page redraws meanwhile (live events) gives one whole snapshot instead of stale elements.
     */
    @SuppressWarnings("unchecked")
    private Map<String, String> alarmBadges() {
        List<List<String>> pairs = (List<List<String>>) js().executeScript(
                "return Array.from(document.querySelectorAll('#timeline li')).flatMap(item =>"
                        + " Array.from(item.querySelectorAll('.alarm-badge'))"
                        + "   .map(badge => [item.getAttribute('data-epoch'), badge.innerText.trim()]));");
        Map<String, String> badges = new java.util.LinkedHashMap<>();
        for (List<String> pair : pairs) {
            badges.put(pair.get(0), pair.get(1));
        }
        return badges;
    }

    /**
     * The best-epoch marker as drawn on the score chart's canvas: how many of its pixels (the marker's green), how far
     * apart their columns are, and where the middle of them lies across the canvas (0 left, 1 right).
     */
    private record BestMarker(long pixels, long spread, double relativeX) {
    }

    @SuppressWarnings("unchecked")
    private BestMarker bestMarker() {
        Map<String, Object> found = (Map<String, Object>) js().executeScript("""
                // Read from a copy, once: reading the chart's own canvas back makes Chromium warn on the console.
                const canvas = document.querySelector('#chart-score canvas');
                const copy = document.createElement('canvas');
                copy.width = canvas.width;
                copy.height = canvas.height;
                const context = copy.getContext('2d', {willReadFrequently: true});
                context.drawImage(canvas, 0, 0);
                const data = context.getImageData(0, 0, copy.width, copy.height).data;
                const columns = [];
                for (let i = 0; i < data.length; i += 4) {
                  const green = Math.abs(data[i] - 0x2b) < 40 && Math.abs(data[i + 1] - 0x8a) < 40
                    && Math.abs(data[i + 2] - 0x3e) < 40 && data[i + 3] > 200;
                  if (green) columns.push((i / 4) % canvas.width);
                }
                columns.sort((a, b) => a - b);
                const middle = columns.length ? columns[Math.floor(columns.length / 2)] : -1;
                return {pixels: columns.length, width: canvas.width,
                  spread: columns.length ? columns[columns.length - 1] - columns[0] : 0, middle};
                """);
        long width = ((Number) found.get("width")).longValue();
        return new BestMarker(((Number) found.get("pixels")).longValue(), ((Number) found.get("spread")).longValue(),
                ((Number) found.get("middle")).doubleValue() / width);
    }

    @Test
    void everyControlIsReachableByKeyboardAndThePagesFit375Pixels() throws Exception {
        SeededRuns.seed(infra, DATASET, RUN + "-narrow", 2);
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 375, "height", 812, "deviceScaleFactor", 2, "mobile", true));
        try {
            driver.get(base + "run.html?id=" + RUN + "-narrow");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            wait.until(d -> "true".equals(body(d).getDomAttribute("data-ready")));
            assertThat(overflow()).as("horizontal overflow of the run page at 375 px").isLessThanOrEqualTo(0L);

            List<String> reached = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                driver.switchTo().activeElement().sendKeys(Keys.TAB);
                Object id = js().executeScript("return document.activeElement.id || document.activeElement.textContent");
                reached.add(String.valueOf(id).trim());
            }
            assertThat(reached).contains("serve-token", "play", "epoch-slider", "gif", "serve-epoch", "gen-seed", "gen-count",
                    "gen-submit");
            assertThat(driver.findElements(By.cssSelector("img"))).allSatisfy(image ->
                    assertThat(image.getDomAttribute("alt")).as("alt of %s", image.getDomAttribute("src")).isNotNull());
            screenshot("run-page-375.png");

            driver.get(base.toString());
            wait.until(d -> "true".equals(body(d).getDomAttribute("data-ready")));
            wait.until(d -> !d.findElements(By.cssSelector(".run[data-run-id='" + RUN + "-narrow']")).isEmpty());
            assertThat(driver.findElements(By.cssSelector(".dataset img"))).isNotEmpty();
            assertThat(overflow()).as("horizontal overflow of the home page at 375 px").isLessThanOrEqualTo(0L);

            // Upload: through the gallery's proxy to the (stand-in) ingest service, the answer shown per file.
            Path picture = Files.createDirectories(Path.of("target", "upload-test")).resolve("homer.png");
            Files.write(picture, TestPictures.png(TestPictures.face(3, 32)));
            driver.findElement(By.id("up-dataset")).sendKeys("simpsons");
            driver.findElement(By.id("up-token")).sendKeys("right-token");
            driver.findElement(By.id("up-files")).sendKeys(picture.toAbsolutePath().toString());
            driver.findElement(By.id("up-submit")).click();
            wait.until(d -> d.findElements(By.cssSelector("#up-results tbody tr")).size() == 3);
            assertThat(driver.findElement(By.id("up-results")).getText())
                    .contains("homer.png", "accepted", "duplicate", "rejected", "not an image");
            assertThat(text("up-status")).contains("1 accepted, 1 duplicates, 1 rejected");
            assertThat(standIns.uploads).anyMatch(u -> "Bearer right-token".equals(u.authorization())
                    && u.bodyText().contains("filename=\"homer.png\""));
            screenshot("home-375.png");
            assertNoConsoleErrors();
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Test
    void servingAnEpochRollingBackAndServingNewestChangeTheGeneratedImages() throws Exception {
        String dataset = "marge";
        String base = "marge-base-run";
        String run = "marge-serve-run";
        SeededRuns.seed(infra, dataset, base, 2);
        SeededRuns.seed(infra, dataset, run, 4);
        SeededRuns.label(infra, run, "Marge, finer hair", "Fine-tuned on the close-ups only.", base, 2);
        standIns.newest.put(dataset, run + "@4");
        standIns.missingCheckpoints.add(1);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body(containsString("live-events")));

        driver.get(this.base + "run.html?id=" + run);
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.until(d -> "true".equals(body(d).getDomAttribute("data-ready")));
        wait.until(d -> d.findElement(By.id("serving")).getDomAttribute("data-served") != null);
        wait.until(d -> "connected".equals(body(d).getDomAttribute("data-live")));

        // Labels and lineage from run.json: the name as the title with the run id beside it, the note, where it came from.
        assertThat(text("run-name")).isEqualTo("Marge, finer hair");
        assertThat(text("run-id")).isEqualTo(run);
        assertThat(text("run-note")).isEqualTo("Fine-tuned on the close-ups only.");
        assertThat(text("run-lineage")).isEqualTo("fine-tuned from " + base + " epoch 2");
        assertThat(driver.findElement(By.cssSelector("#run-lineage a")).getDomAttribute("href"))
                .isEqualTo("/run.html?id=" + base);
        assertThat(driver.getTitle()).startsWith("Marge, finer hair (" + run + ")");

        // What the dataset serves: its newest checkpoint, epoch 4 of this run, marked on the timeline.
        assertThat(text("serving-now")).isEqualTo("marge serves its newest checkpoint: this run, epoch 4 newest");
        assertThat(servedEpochs()).containsExactly("4");
        assertThat(driver.findElement(By.id("serve-rollback")).isEnabled()).isFalse();

        // Generate two images from the served model.
        WebElement seed = driver.findElement(By.id("gen-seed"));
        seed.clear();
        seed.sendKeys("7");
        WebElement count = driver.findElement(By.id("gen-count"));
        count.clear();
        count.sendKeys("2");
        driver.findElement(By.id("gen-submit")).click();
        wait.until(d -> "2".equals(d.findElement(By.id("generate")).getDomAttribute("data-loaded")));
        int[] newest = awaitFirstGenerated(wait, "a fully painted first image", new SamePixelsTwice());
        String newestSrc = firstGeneratedSrc();

        // A wrong token: the sampler's refusal is on the page, nothing changes.
        showEpoch(2, wait);
        WebElement token = driver.findElement(By.id("serve-token"));
        token.sendKeys("wrong-token");
        driver.findElement(By.id("serve-epoch")).click();
        wait.until(d -> text("serve-status").contains("A valid bearer token is required"));
        assertThat(text("serve-status")).startsWith("The sampler refused: ");
        assertThat(text("serving-now")).contains("newest");
        assertThat(standIns.modelRequests).anyMatch(r -> r.method().equals("PUT") && "Bearer wrong-token".equals(r.authorization()));
        assertOnlyExpectedConsoleErrors("401");

        // The right token: serve epoch 2, and the generated image changes to that model's.
        token.clear();
        token.sendKeys("right-token");
        driver.findElement(By.id("serve-epoch")).click();
        wait.until(d -> text("serving-now").equals("marge serves epoch 2 of this run pinned"));
        awaitImagesOfServedModel(wait);
        assertThat(text("serve-status")).isEqualTo("marge now serves epoch 2 of this run.");
        assertThat(standIns.modelRequests).anyMatch(r -> r.method().equals("PUT") && r.path().equals("/api/models/marge")
                && "Bearer right-token".equals(r.authorization())
                && r.body().equals("{\"runId\":\"" + run + "\",\"epoch\":2}"));
        assertThat(standIns.servedModel(dataset)).isEqualTo(run + "@2");
        assertThat(firstGeneratedSrc()).isNotEqualTo(newestSrc);
        int[] epoch2 = awaitFirstGenerated(wait, "the image of the pinned model", shot -> !Arrays.equals(shot, newest));
        assertThat(servedEpochs()).containsExactly("2");
        screenshot("run-page-serving.png");

        // Roll back: the newest again, and its image.
        driver.findElement(By.id("serve-rollback")).click();
        wait.until(d -> text("serving-now").contains("newest"));
        awaitImagesOfServedModel(wait);
        awaitFirstGenerated(wait, "the newest model's image again", shot -> Arrays.equals(shot, newest));
        assertThat(servedEpochs()).containsExactly("4");

        // Serve epoch 3, then Serve newest.
        showEpoch(3, wait);
        driver.findElement(By.id("serve-epoch")).click();
        wait.until(d -> text("serving-now").equals("marge serves epoch 3 of this run pinned"));
        awaitImagesOfServedModel(wait);
        awaitFirstGenerated(wait, "epoch 3's image", shot -> !Arrays.equals(shot, newest) && !Arrays.equals(shot, epoch2));
        driver.findElement(By.id("serve-newest")).click();
        wait.until(d -> text("serving-now").contains("newest"));
        awaitImagesOfServedModel(wait);
        awaitFirstGenerated(wait, "the newest model's image after Serve newest", shot -> Arrays.equals(shot, newest));
        assertThat(text("serve-status")).isEqualTo("marge serves its newest checkpoint again.");
        assertThat(standIns.modelRequests).anyMatch(r -> r.method().equals("DELETE") && "Bearer right-token".equals(r.authorization()));
        assertThat(standIns.modelRequests).anyMatch(r -> r.method().equals("POST") && r.path().equals("/api/models/marge/rollback")
                && "Bearer right-token".equals(r.authorization()));

        // A newer checkpoint published while the dataset serves its newest: the panel and the images follow it.
        standIns.newest.put(dataset, run + "@5");
        SeededRuns.storeEpoch(infra, dataset, run, 5);
        SeededRuns.label(infra, run, "Marge, finer hair", "Fine-tuned on the close-ups only.", base, 2);
        SeededRuns.announceEpoch(infra, dataset, run, 5);
        wait.until(d -> text("serving-now").equals("marge serves its newest checkpoint: this run, epoch 5 newest"));
        awaitImagesOfServedModel(wait);
        awaitFirstGenerated(wait, "the new newest model's image", shot -> !Arrays.equals(shot, newest));
        assertThat(servedEpochs()).containsExactly("5");
        wait.until(d -> text("run-progress-text").startsWith("epoch 5 / "));
        assertThat(text("run-name")).as("the labels stay when run.json is read again").isEqualTo("Marge, finer hair");

        // An epoch whose checkpoint is not stored: the sampler's reason is shown, what is served stays.
        showEpoch(1, wait);
        driver.findElement(By.id("serve-epoch")).click();
        wait.until(d -> text("serve-status").contains("no stored checkpoint"));
        assertThat(text("serve-status")).isEqualTo(
                "The sampler refused: Run '" + run + "' has no stored checkpoint for epoch 1; stored epochs: 2, 3, 4.");
        assertThat(text("serving-now")).contains("newest");
        assertOnlyExpectedConsoleErrors("404");
        screenshot("run-page-serving-refused.png");

        // Home: the run under its name with its lineage, and what the dataset serves on its card.
        driver.get(this.base.toString());
        wait.until(d -> "true".equals(body(d).getDomAttribute("data-ready")));
        WebElement item = driver.findElement(By.cssSelector(".run[data-run-id='" + run + "']"));
        assertThat(item.findElement(By.cssSelector(".run-link")).getText()).isEqualTo("Marge, finer hair");
        assertThat(item.getText()).contains(run, "Fine-tuned on the close-ups only.", "fine-tuned from " + base + " epoch 2");
        wait.until(d -> d.findElement(By.cssSelector("[data-served-for='marge']")).getText()
                .equals("Serving: its newest checkpoint: " + run + ", epoch 5 newest"));
        screenshot("home-serving.png");
        assertNoConsoleErrors();
    }

    private void showEpoch(int epoch, WebDriverWait wait) {
        WebElement slider = driver.findElement(By.id("epoch-slider"));
        js().executeScript("document.querySelector(\"#timeline li[data-epoch='" + epoch + "'] button\").click()");
        wait.until(d -> text("grid-caption").startsWith("Epoch " + epoch + " "));
        assertThat(slider.getDomProperty("value")).isNotNull();
    }

    /** Waits until the generate panel shows the served model's images, all loaded. */
    private void awaitImagesOfServedModel(WebDriverWait wait) {
        wait.until(d -> {
            String served = d.findElement(By.id("serving")).getDomAttribute("data-served");
            WebElement generate = d.findElement(By.id("generate"));
            return served != null && served.equals(generate.getDomAttribute("data-model"))
                    && "2".equals(generate.getDomAttribute("data-loaded"));
        });
    }

    private List<String> servedEpochs() {
        return driver.findElements(By.cssSelector("#timeline li.served")).stream()
                .map(li -> li.getDomAttribute("data-epoch")).toList();
    }

    private String firstGeneratedSrc() {
        return driver.findElement(By.cssSelector("#gen-results img")).getDomAttribute("src");
    }

    /** The pixels of the first generated image as the browser shows it (a screenshot of the element). */
    /**
     * The first generated image's pixels once they satisfy {@code expected}: the page may still be painting the
     * image it just loaded when the served model changes, so the pixels are read again until they match or the wait
     * gives up (a failure naming {@code what}).
     */
    private int[] awaitFirstGenerated(WebDriverWait wait, String what, java.util.function.Predicate<int[]> expected) {
        int[][] last = new int[1][];
        try {
            wait.until(d -> {
                try {
                    last[0] = firstGenerated();
                } catch (Exception e) {
                    return false;
                }
                return expected.test(last[0]);
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(what + ": the generated image never showed it", e);
        }
        return last[0];
    }

    /** True on the second of two reads in a row that give the same pixels: the image has finished painting. */
    private static final class SamePixelsTwice implements java.util.function.Predicate<int[]> {
        private int[] previous;

        @Override
        public boolean test(int[] shot) {
            boolean same = previous != null && Arrays.equals(previous, shot);
            previous = shot;
            return same;
        }
    }

    private int[] firstGenerated() throws Exception {
        WebElement image = driver.findElement(By.cssSelector("#gen-results img"));
        js().executeScript("arguments[0].scrollIntoView({block: 'center'})", image);
        java.awt.image.BufferedImage shot = javax.imageio.ImageIO.read(
                new java.io.ByteArrayInputStream(image.getScreenshotAs(OutputType.BYTES)));
        return shot.getRGB(0, 0, shot.getWidth(), shot.getHeight(), null, 0, shot.getWidth());
    }

    /** Reads (and empties) the console log: only the failed requests the test asked for (status {@code status}). */
    private void assertOnlyExpectedConsoleErrors(String status) {
        List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(entries.stream().filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage).toList()).as("console errors and warnings")
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m).contains("/api/models/marge", "status of " + status));
    }

    private JavascriptExecutor js() {
        return driver;
    }

    private static WebElement body(WebDriver d) {
        return d.findElement(By.tagName("body"));
    }

    private static String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private boolean imageLoaded(WebElement image) {
        return Boolean.TRUE.equals(js().executeScript(
                "return arguments[0].complete && arguments[0].naturalWidth > 0", image));
    }

    private long overflow() {
        return ((Number) js().executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).longValue();
    }

    /** A full-page screenshot (Chrome DevTools captures beyond the viewport). */
    @SuppressWarnings("unchecked")
    private void screenshot(String name) throws Exception {
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
                Map.of("format", "png", "captureBeyondViewport", true));
        Files.write(SCREENSHOTS.resolve(name), java.util.Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** Reads (and empties) the browser's console log; a probe message proves the log is really being read. */
    private void assertNoConsoleErrors() {
        js().executeScript("console.info('gallery-console-probe')");
        List<LogEntry> entries = driver.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(entries).as("the console log is captured").anyMatch(e -> e.getMessage().contains("gallery-console-probe"));
        assertThat(entries.stream().filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage).toList()).as("console errors and warnings").isEmpty();
    }
}
