package dev.toonforge.infra.process;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a child service finds in its environment, whatever the shell that started the parent exported. */
class ServiceProcessEnvironmentTest {

    @Test
    void anExportedTokenDoesNotReachAChildThatWasGivenNone() {
        Map<String, String> environment = new HashMap<>(Map.of("TOONFORGE_API_TOKEN", "from-the-shell-0123456789",
                "PATH", "/usr/bin", "QUARKUS_HTTP_PORT", "1"));

        ServiceProcess.childEnvironment(environment, Map.of(), 8082);

        assertThat(environment).doesNotContainKey("TOONFORGE_API_TOKEN")
                .containsEntry("PATH", "/usr/bin")
                .containsEntry("QUARKUS_HTTP_PORT", "8082");
    }

    @Test
    void theTokenGivenIsTheTokenTheChildGets() {
        Map<String, String> environment = new HashMap<>(Map.of("TOONFORGE_API_TOKEN", "from-the-shell-0123456789"));

        ServiceProcess.childEnvironment(environment, Map.of("TOONFORGE_API_TOKEN", "given-0123456789abcdef",
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"), 8081);

        assertThat(environment).containsEntry("TOONFORGE_API_TOKEN", "given-0123456789abcdef")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092");
    }
}
