package dev.toonforge.launcher;

import dev.toonforge.infra.process.ServiceProcess;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./toonforge up [--no-demo] [--scale ingest=2,trainer=2,sampler=2]}: starts the infrastructure and the four
 * services (as many instances of each as {@code --scale} says) with one API token
 * ({@code TOONFORGE_API_TOKEN} when it is set, otherwise the data folder's), prints the gallery URL and where that token
 * comes from, runs the demo job, and keeps everything running until Ctrl-C or SIGTERM ({@code ./toonforge down}).
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) throws InterruptedException {
        List<String> arguments = Arrays.asList(args);
        if (arguments.isEmpty() || !arguments.get(0).equals("up")) {
            System.err.println(LaunchOptions.USAGE);
            System.exit(2);
        }
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(arguments.subList(1, arguments.size()));
        } catch (IllegalArgumentException e) {
            System.err.println("Toonforge: " + e.getMessage());
            System.exit(2);
            return;
        }
        boolean demo = options.demo();
        Map<String, String> env = System.getenv();
        SystemSettings settings = SystemSettings.fromEnvironment(Path.of("").toAbsolutePath(), env);

        ToonforgeSystem system;
        try {
            system = ToonforgeSystem.start(settings, LaunchToken.resolve(env, settings.dataDir()), options.scale());
        } catch (RuntimeException e) {
            System.err.println("Toonforge could not start: " + e.getMessage());
            System.err.println("Logs: " + settings.logDir());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Toonforge...");
            system.close();
            stopped.countDown();
        }, "toonforge-shutdown"));

        System.out.println();
        System.out.println("Toonforge is up.");
        System.out.println("  Gallery:   " + settings.url(settings.galleryPort()));
        for (ServiceProcess service : system.services()) {
            System.out.printf("  %-18s %s   (pid %d)%n", service.name() + ":", service.url(""), service.pid());
        }
        System.out.println("  API token: " + system.apiTokenDescription());
        System.out.println("  Data:      " + settings.dataDir() + "   Logs: " + settings.logDir());
        if (demo) {
            try (ToonforgeClient client = new ToonforgeClient(settings, system.apiToken())) {
                DemoJob.run(client, envInt("TOONFORGE_DEMO_FACES", 256), envInt("TOONFORGE_DEMO_EPOCHS", 200));
                System.out.println("  Demo:      watch epochs arrive at " + settings.url(settings.galleryPort()));
            } catch (RuntimeException e) {
                System.err.println("The demo job failed: " + e.getMessage());
            }
        }
        System.out.println("Ctrl-C (or ./toonforge down) stops everything.");
        stopped.await();
    }

    private static int envInt(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
