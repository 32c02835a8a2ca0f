package dev.toonforge.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalInfraTest {

    @Test
    void aStartThatFailsLeavesNoServerRunningAndCanBeTriedAgain(@TempDir Path dataDir) throws Exception {
        LocalInfra infra;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            infra = LocalInfra.persistent(dataDir, taken.getLocalPort(), 0, "access", "secret-key-123", "toonforge");

            assertThatThrownBy(infra::start).isInstanceOf(RuntimeException.class);
            assertThat(infra.s3().isRunning()).as("the S3 server that had started is stopped").isFalse();
            assertThat(infra.kafka().isRunning()).isFalse();
        }
        // The port is free again: the same servers start on the same folder.
        try (LocalInfra again = infra.start()) {
            assertThat(again.kafka().isRunning()).isTrue();
            assertThat(again.s3().isRunning()).isTrue();
        }
    }

    @Test
    void anEphemeralStartServesBothServers() {
        try (LocalInfra infra = LocalInfra.startEphemeral("toonforge")) {
            assertThat(infra.kafka().isRunning()).isTrue();
            assertThat(infra.s3().isRunning()).isTrue();
            assertThat(infra.serviceConfig()).containsEntry(LocalInfra.S3_BUCKET, "toonforge");
        }
    }
}
