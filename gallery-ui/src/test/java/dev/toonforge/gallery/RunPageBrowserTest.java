package dev.toonforge.gallery;

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
 * sampler, no console errors, and screenshots under target/screenshots for people to look at.
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
