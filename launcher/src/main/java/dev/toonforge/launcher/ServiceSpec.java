package dev.toonforge.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One service of the system: where its packaged jar is, its port, heap and its own settings. */
record ServiceSpec(String name, int port, List<String> jvmArgs, Map<String, String> env) {

    Path jar(Path repository) {
        return repository.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** The four services in start order: producers before consumers, the gallery last. */
    static List<ServiceSpec> all(SystemSettings s) {
        String galleryOrigins = "http://127.0.0.1:" + s.galleryPort() + ",http://localhost:" + s.galleryPort();
        return List.of(
                new ServiceSpec("ingest-service", s.ingestPort(), List.of("-Xmx768m"),
                        Map.of("QUARKUS_HTTP_CORS_ORIGINS", galleryOrigins)),
                new ServiceSpec("trainer-service", s.trainerPort(),
                        List.of("-Xmx1536m", "-Dorg.bytedeco.javacpp.maxbytes=3g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=5g"),
                        Map.of("QUARKUS_HTTP_CORS_ORIGINS", galleryOrigins,
                                "TOONFORGE_TRAINER_CACHE_DIR", s.dataDir().resolve("trainer-cache").toString())),
                new ServiceSpec("sampler-service", s.samplerPort(),
                        List.of("-Xmx768m", "-Dorg.bytedeco.javacpp.maxbytes=2g"),
                        Map.of("QUARKUS_HTTP_CORS_ORIGINS", galleryOrigins)),
                new ServiceSpec("gallery-ui", s.galleryPort(), List.of("-Xmx512m"),
                        Map.of("TOONFORGE_GALLERY_SAMPLER_URL", s.url(s.samplerPort()),
                                "TOONFORGE_GALLERY_INGEST_URL", s.url(s.ingestPort()))));
    }
}
