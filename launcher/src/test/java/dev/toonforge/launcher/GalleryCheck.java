package dev.toonforge.launcher;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/** Opens a run in the gallery with Debian's headless Chromium and checks that its epochs are there. */
final class GalleryCheck {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

    private GalleryCheck() {
    }

    static void seesEpochs(String galleryUrl, String runId, int epochs, Path workDir) throws Exception {
        assertThat(CHROMIUM).as("the end-to-end test needs Debian's Chromium (apt-get install chromium chromium-driver)")
                .isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(workDir.resolve("chromium-profile")), "--window-size=1280,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(galleryUrl + "/run.html?id=" + runId);
            new WebDriverWait(driver, Duration.ofSeconds(60))
                    .until(d -> d.findElements(By.cssSelector("#timeline img")).size() == epochs);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = Paths.get("target", "screenshots");
            Files.createDirectories(target);
            Files.copy(shot.toPath(), target.resolve("end-to-end-run.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertThat(severe).as("browser console errors").isEmpty();
        } finally {
            driver.quit();
        }
    }
}
