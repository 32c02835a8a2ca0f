package dev.toonforge.infra.s3;

import dev.toonforge.infra.FreePorts;
import dev.toonforge.infra.TempFolders;
import dev.toonforge.infra.process.ChildProcessGuard;
import dev.toonforge.infra.process.ServiceProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 server on 127.0.0.1: s3proxy with its filesystem backend, run as a child JVM so that its own libraries
 * (jetty 12, jackson 3, logback) never meet ours. SigV4 signatures are checked against the configured credentials.
 * The child dies with this JVM, also on kill -9 (see {@link dev.toonforge.infra.process.ChildProcessGuard}). It
 * compiles with the client compiler only: a local store serves a few requests a second, and the server compiler's
 * work would take cores from training on a small machine.
 */
public final class S3Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final int port;
    private final Path dataDir;
    private final boolean deleteDataDirOnClose;
    private final String accessKey;
    private final String secretKey;
    private Process process;

    private S3Server(int port, Path dataDir, String accessKey, String secretKey) {
        this.port = FreePorts.resolve(port);
        this.deleteDataDirOnClose = dataDir == null;
        this.dataDir = dataDir != null ? dataDir : TempFolders.create("toonforge-s3-");
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /**
     * @param port    the port on 127.0.0.1, or 0 for any free port (kept across restarts)
     * @param dataDir where the buckets live; kept across restarts. Null: a temporary folder removed on {@link #close()}.
     */
    public static S3Server create(int port, Path dataDir, String accessKey, String secretKey) {
        return new S3Server(port, dataDir, accessKey, secretKey);
    }

    public synchronized S3Server start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        long started = System.nanoTime();
        try {
            Path blobs = Files.createDirectories(dataDir.resolve("blobs"));
            Path config = dataDir.resolve("s3proxy.properties");
            Properties p = new Properties();
            p.setProperty("s3proxy.endpoint", endpoint());
            p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            p.setProperty("s3proxy.identity", accessKey);
            p.setProperty("s3proxy.credential", secretKey);
            p.setProperty("jclouds.provider", "filesystem");
            p.setProperty("jclouds.filesystem.basedir", blobs.toAbsolutePath().toString());
            try (var out = Files.newOutputStream(config)) {
                p.store(out, "Toonforge local S3 server");
            }
            List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-cp", S3ProxyJar.locate() + java.io.File.pathSeparator + ServiceProcess.guardClasspath(),
                    ChildProcessGuard.class.getName(), "org.gaul.s3proxy.Main", "--properties", config.toString()));
            Path log = dataDir.resolve("s3proxy.log");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            awaitListening(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start s3proxy in " + dataDir, e);
        }
        LOG.info("S3 server (s3proxy, pid {}) listening on {} in {} ms, data in {}", process.pid(), endpoint(),
                (System.nanoTime() - started) / 1_000_000, dataDir);
        return this;
    }

    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        LOG.info("S3 server on {} stopped", endpoint());
        process = null;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The child's pid, for tests that check no process is left. */
    public synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        stop();
        if (deleteDataDirOnClose) {
            TempFolders.delete(dataDir);
        }
    }

    /**
     * Waits until s3proxy answers an HTTP request. An open port alone is not enough: Jetty accepts connections a moment
     * before it serves them, and a connect to a free loopback port can, rarely, connect the socket to itself.
     */
    private void awaitListening(Path log) throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(2)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("s3proxy exited with code " + process.exitValue() + " while starting; see " + log);
            }
            try {
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for s3proxy", e);
            }
        }
        process.destroyForcibly();
        throw new IOException("s3proxy did not answer on port " + port + " within " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for s3proxy", e);
        }
    }

    private static String javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Loads build-time facts written into local-infra.properties. */
    static Properties buildProperties() {
        Properties p = new Properties();
        try (InputStream in = S3Server.class.getResourceAsStream("/dev/toonforge/infra/local-infra.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
