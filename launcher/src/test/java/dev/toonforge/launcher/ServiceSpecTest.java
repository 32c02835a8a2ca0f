package dev.toonforge.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Which instances {@code ./toonforge up --scale ...} starts, on which ports, with which settings. */
class ServiceSpecTest {

    private final SystemSettings settings = SystemSettings.fromEnvironment(Path.of("/repo"), Map.of());

    @Test
    void oneInstanceOfEachServiceOnTheDefaultPorts() {
        List<ServiceSpec> specs = ServiceSpec.all(settings, Scale.single(), () -> {
            throw new AssertionError("no free port is needed");
        });

        assertThat(specs).extracting(ServiceSpec::name)
                .containsExactly("ingest-service", "trainer-service", "sampler-service", "gallery-ui");
        assertThat(specs).extracting(ServiceSpec::port).containsExactly(8081, 8082, 8083, 8080);
    }

    @Test
    void scaledServicesKeepTheirDefaultPortForInstanceOneAndTakeFreePortsForTheRest() {
        AtomicInteger free = new AtomicInteger(40000);
        List<ServiceSpec> specs = ServiceSpec.all(settings, Scale.parse("ingest=2,trainer=2,sampler=3"), free::incrementAndGet);

        assertThat(specs).extracting(ServiceSpec::name).containsExactly("ingest-service", "ingest-service-2",
                "trainer-service", "trainer-service-2", "sampler-service", "sampler-service-2", "sampler-service-3",
                "gallery-ui");
        assertThat(specs).extracting(ServiceSpec::port).containsExactly(8081, 40001, 8082, 40002, 8083, 40003, 40004, 8080);
        assertThat(specs.get(1).jar(Path.of("/repo"))).isEqualTo(Path.of("/repo/ingest-service/target/quarkus-app/quarkus-run.jar"));

        // Each trainer has its own cache folder; the gallery talks to instance 1 of ingest and sampler.
        assertThat(specs.get(2).env().get("TOONFORGE_TRAINER_CACHE_DIR")).endsWith("/trainer-cache");
        assertThat(specs.get(3).env().get("TOONFORGE_TRAINER_CACHE_DIR")).endsWith("/trainer-cache-2");
        ServiceSpec gallery = specs.get(specs.size() - 1);
        assertThat(gallery.env()).containsEntry("TOONFORGE_GALLERY_SAMPLER_URL", "http://127.0.0.1:8083")
                .containsEntry("TOONFORGE_GALLERY_INGEST_URL", "http://127.0.0.1:8081");
    }
}
