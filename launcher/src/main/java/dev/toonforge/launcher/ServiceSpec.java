package dev.toonforge.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * One instance of a service of the system: which service (its module, for the packaged jar), which instance (1, 2, ...),
 * its port, heap and its own settings.
 */
record ServiceSpec(String service, int instance, int port, List<String> jvmArgs, Map<String, String> env) {

    /** {@code ingest-service} for instance 1, {@code ingest-service-2} for the next: also the name of its log file. */
    String name() {
        return instance == 1 ? service : service + "-" + instance;
    }

    Path jar(Path repository) {
        return repository.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /**
     * The trainer's heap and ND4J's off-heap limits, and the parallel collector: on a laptop the trainer shares a few
     * cores with the broker, the S3 server and the other services, and G1's concurrent marking would take its share
     * from the steps.
     */
    static final List<String> TRAINER_JVM = List.of("-Xmx1536m", "-Dorg.bytedeco.javacpp.maxbytes=3g",
            "-Dorg.bytedeco.javacpp.maxphysicalbytes=5g", "-XX:+UseParallelGC");

    /** One instance of each of the four services. */
    static List<ServiceSpec> all(SystemSettings s) {
        return all(s, Scale.single(), () -> dev.toonforge.infra.FreePorts.resolve(0));
    }

    /**
     * Every instance in start order: producers before consumers, the gallery last. Instance 1 of each service keeps the
     * configured port (so the documented URLs work); further instances take ports from {@code freePort}. The gallery
     * talks to instance 1 of the ingest and sampler services. Each trainer instance has its own cache folder.
     */
    static List<ServiceSpec> all(SystemSettings s, Scale scale, IntSupplier freePort) {
        String galleryOrigins = "http://127.0.0.1:" + s.galleryPort() + ",http://localhost:" + s.galleryPort();
        List<ServiceSpec> specs = new ArrayList<>();
        for (int i = 1; i <= scale.of("ingest"); i++) {
            specs.add(new ServiceSpec("ingest-service", i, i == 1 ? s.ingestPort() : freePort.getAsInt(), List.of("-Xmx768m"),
                    Map.of("QUARKUS_HTTP_CORS_ORIGINS", galleryOrigins)));
        }
        for (int i = 1; i <= scale.of("trainer"); i++) {
            specs.add(new ServiceSpec("trainer-service", i, i == 1 ? s.trainerPort() : freePort.getAsInt(),
                    TRAINER_JVM,
                    Map.of("QUARKUS_HTTP_CORS_ORIGINS", galleryOrigins,
                            "TOONFORGE_TRAINER_CACHE_DIR", s.dataDir().resolve(i == 1 ? "trainer-cache" : "trainer-cache-" + i).toString())));
        }
        for (int i = 1; i <= scale.of("sampler"); i++) {
            specs.add(new ServiceSpec("sampler-service", i, i == 1 ? s.samplerPort() : freePort.getAsInt(),
                    List.of("-Xmx768m", "-Dorg.bytedeco.javacpp.maxbytes=2g"),
                    Map.of("QUARKUS_HTTP_CORS_ORIGINS", galleryOrigins)));
        }
        specs.add(new ServiceSpec("gallery-ui", 1, s.galleryPort(), List.of("-Xmx512m"),
                Map.of("TOONFORGE_GALLERY_SAMPLER_URL", s.url(s.samplerPort()),
                        "TOONFORGE_GALLERY_INGEST_URL", s.url(s.ingestPort()))));
        return List.copyOf(specs);
    }
}
