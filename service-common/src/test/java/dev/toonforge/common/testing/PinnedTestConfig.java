package dev.toonforge.common.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The configuration of service-common's {@code @QuarkusTest}s, as an override that outranks the caller's environment:
 * the API token the tests present, an object store on a closed loopback port (nothing in these tests needs one that
 * answers), and a storage retry policy of milliseconds instead of minutes.
 */
public class PinnedTestConfig implements QuarkusTestResourceLifecycleManager {

    public static final String API_TOKEN = "common-test-token-0123456789";

    @Override
    public Map<String, String> start() {
        return Map.of(
                "toonforge.api-token", API_TOKEN,
                "TOONFORGE_API_TOKEN", API_TOKEN,
                "toonforge.s3.endpoint", "http://127.0.0.1:" + closedPort(),
                "toonforge.storage.retry.delay", "10ms",
                "toonforge.storage.retry.jitter", "0ms",
                "toonforge.storage.retry.max-duration", "1s");
    }

    @Override
    public void stop() {
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
