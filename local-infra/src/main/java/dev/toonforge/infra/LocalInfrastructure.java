package dev.toonforge.infra;

import dev.toonforge.contracts.Ports;
import dev.toonforge.contracts.storage.ObjectKeys;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the real Kafka broker and S3 server on their default ports with data under one folder, prints the endpoints and
 * runs until Ctrl-C (or SIGTERM), then stops both cleanly. Overrides come from the environment:
 * TOONFORGE_DATA_DIR, TOONFORGE_KAFKA_PORT, TOONFORGE_S3_PORT, TOONFORGE_S3_ACCESS_KEY, TOONFORGE_S3_SECRET_KEY,
 * TOONFORGE_S3_BUCKET.
 */
public final class LocalInfrastructure {

    private LocalInfrastructure() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dataDir = Paths.get(env("TOONFORGE_DATA_DIR", ".toonforge")).toAbsolutePath().resolve("infra");
        LocalInfra infra = LocalInfra.persistent(dataDir,
                Integer.parseInt(env("TOONFORGE_KAFKA_PORT", String.valueOf(Ports.KAFKA))),
                Integer.parseInt(env("TOONFORGE_S3_PORT", String.valueOf(Ports.S3))),
                env("TOONFORGE_S3_ACCESS_KEY", "minioadmin"),
                env("TOONFORGE_S3_SECRET_KEY", "minioadmin"),
                env("TOONFORGE_S3_BUCKET", ObjectKeys.DEFAULT_BUCKET));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            infra.close();
            stopped.countDown();
        }, "local-infra-shutdown"));
        infra.start();
        System.out.println("Kafka bootstrap servers: " + infra.kafka().bootstrapServers());
        System.out.println("S3 endpoint:             " + infra.s3().endpoint() + " (bucket " + infra.bucket() + ")");
        System.out.println("Data folder:             " + dataDir);
        System.out.println("Toonforge infrastructure is up. Ctrl-C stops it.");
        stopped.await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
