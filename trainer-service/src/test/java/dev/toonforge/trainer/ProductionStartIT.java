package dev.toonforge.trainer;

import dev.toonforge.infra.FreePorts;
import dev.toonforge.infra.process.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No default token outside the launcher: the packaged service refuses to start without one, and says how to fix it. */
class ProductionStartIT {

    @TempDir
    Path logs;

    @Test
    void thePackagedServiceRefusesToStartWithoutAnApiToken() throws Exception {
        Path log = logs.resolve("trainer.log");
        assertThatThrownBy(() -> ServiceProcess.start("trainer", Paths.get(System.getProperty("trainer.jar")),
                FreePorts.resolve(0), Map.of(), List.of("-Xmx512m"), log).awaitReady(Duration.ofSeconds(120)))
                .hasMessageContaining("exited");
        assertThat(Files.readString(log)).contains("No API token: set TOONFORGE_API_TOKEN");
    }

    @Test
    void aShortTokenIsRefusedToo() throws Exception {
        Path log = logs.resolve("trainer-short.log");
        assertThatThrownBy(() -> ServiceProcess.start("trainer", Paths.get(System.getProperty("trainer.jar")),
                FreePorts.resolve(0), Map.of("TOONFORGE_API_TOKEN", "short"), List.of("-Xmx512m"), log)
                .awaitReady(Duration.ofSeconds(120)))
                .hasMessageContaining("exited");
        assertThat(Files.readString(log)).contains("use at least 16");
    }
}
