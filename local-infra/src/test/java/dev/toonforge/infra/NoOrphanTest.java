package dev.toonforge.infra;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The s3proxy child must die with its parent, even when the parent gets no chance to run shutdown hooks. */
class NoOrphanTest {

    @Test
    void theS3ChildDiesWhenItsParentIsKilledHard() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process parent = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), S3ServerHost.class.getName())
                .redirectErrorStream(true).start();
        long childPid;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            childPid = out.lines().filter(l -> l.startsWith("CHILD ")).findFirst()
                    .map(l -> Long.parseLong(l.substring(6).trim())).orElseThrow();
            Optional<ProcessHandle> child = ProcessHandle.of(childPid);
            assertThat(child).isPresent();
            assertThat(child.get().isAlive()).isTrue();

            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs
            parent.waitFor();
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() -> ProcessHandle.of(childPid).map(h -> !h.isAlive()).orElse(true));
    }
}
