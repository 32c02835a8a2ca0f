package dev.toonforge.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which API token {@code ./toonforge up} runs with, from an environment given here, never the real one. */
class LaunchTokenTest {

    @TempDir
    Path dataDir;

    @Test
    void theEnvironmentVariableWinsAndIsNeverPrinted() {
        LaunchToken token = LaunchToken.resolve(Map.of("TOONFORGE_API_TOKEN", "  my-own-token-0123456789 "), dataDir);

        assertThat(token.value()).isEqualTo("my-own-token-0123456789");
        assertThat(token.fromEnvironment()).isTrue();
        assertThat(token.describe()).isEqualTo("from TOONFORGE_API_TOKEN").doesNotContain("my-own-token");
        assertThat(token.toString()).doesNotContain("my-own-token");
        assertThat(dataDir.resolve("api-token")).as("no token file is generated").doesNotExist();
    }

    @Test
    void withoutTheVariableTheDataFolderTokenIsGeneratedOnceAndKept() throws Exception {
        LaunchToken first = LaunchToken.resolve(Map.of(), dataDir);
        LaunchToken again = LaunchToken.resolve(Map.of("TOONFORGE_API_TOKEN", "   "), dataDir);

        assertThat(first.fromEnvironment()).isFalse();
        assertThat(first.value()).hasSizeGreaterThanOrEqualTo(LaunchToken.MIN_LENGTH);
        assertThat(again.value()).as("a blank variable counts as unset").isEqualTo(first.value());
        assertThat(Files.readString(dataDir.resolve("api-token")).trim()).isEqualTo(first.value());
        assertThat(first.describe()).isEqualTo(first.value() + "   (from " + dataDir.resolve("api-token") + ")");
        assertThat(first.toString()).doesNotContain(first.value());
    }

    @Test
    void anExistingTokenFileIsReadNotReplaced() throws Exception {
        Files.writeString(dataDir.resolve("api-token"), "kept-token-0123456789\n");

        assertThat(LaunchToken.resolve(Map.of(), dataDir).value()).isEqualTo("kept-token-0123456789");
    }

    @Test
    void aTokenTheServicesWouldRefuseStopsTheLaunchWithAClearMessage() {
        assertThatThrownBy(() -> LaunchToken.resolve(Map.of("TOONFORGE_API_TOKEN", "short"), dataDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TOONFORGE_API_TOKEN is 5 characters long; the services need at least 16.")
                .hasMessageNotContaining("short");
    }
}
