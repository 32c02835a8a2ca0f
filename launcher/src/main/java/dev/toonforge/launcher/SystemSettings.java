package dev.toonforge.launcher;

import dev.toonforge.contracts.Ports;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.infra.FreePorts;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the whole system runs: the repository (for the built services), the data folder, and every port.
 * {@link #fromEnvironment} gives the defaults a newcomer gets; {@link #onFreePorts} is for tests.
 */
public record SystemSettings(Path repository, Path dataDir, int kafkaPort, int s3Port, int galleryPort, int ingestPort,
                             int trainerPort, int samplerPort, String s3AccessKey, String s3SecretKey, String bucket) {

    public static SystemSettings fromEnvironment(Path repository, Map<String, String> env) {
        return new SystemSettings(repository,
                Path.of(env.getOrDefault("TOONFORGE_DATA_DIR", repository.resolve(".toonforge").toString())).toAbsolutePath(),
                port(env, "TOONFORGE_KAFKA_PORT", Ports.KAFKA),
                port(env, "TOONFORGE_S3_PORT", Ports.S3),
                port(env, "TOONFORGE_GALLERY_PORT", Ports.GALLERY_UI),
                port(env, "TOONFORGE_INGEST_PORT", Ports.INGEST_SERVICE),
                port(env, "TOONFORGE_TRAINER_PORT", Ports.TRAINER_SERVICE),
                port(env, "TOONFORGE_SAMPLER_PORT", Ports.SAMPLER_SERVICE),
                env.getOrDefault("TOONFORGE_S3_ACCESS_KEY", "minioadmin"),
                env.getOrDefault("TOONFORGE_S3_SECRET_KEY", "minioadmin"),
                env.getOrDefault("TOONFORGE_S3_BUCKET", ObjectKeys.DEFAULT_BUCKET));
    }

    public static SystemSettings onFreePorts(Path repository, Path dataDir) {
        return new SystemSettings(repository, dataDir, FreePorts.resolve(0), FreePorts.resolve(0), FreePorts.resolve(0),
                FreePorts.resolve(0), FreePorts.resolve(0), FreePorts.resolve(0), "toonforge-local", "toonforge-local-secret",
                ObjectKeys.DEFAULT_BUCKET);
    }

    public String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + " is not a port number");
        }
    }
}
