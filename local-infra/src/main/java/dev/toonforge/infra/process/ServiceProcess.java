package dev.toonforge.infra.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) run as a child JVM that dies with its parent,
 * configured through its environment, logging to a file. Used by the launcher and by tests that kill and restart services.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final String QUARKUS_MAIN = "io.quarkus.bootstrap.runner.QuarkusEntryPoint";

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** The one setting a child never inherits from this JVM's environment: its API token is the one {@code env} gives. */
    static final String API_TOKEN_VARIABLE = "TOONFORGE_API_TOKEN";

    /**
     * @param quarkusRunJar the service's {@code quarkus-app/quarkus-run.jar}
     * @param port          its HTTP port (set as QUARKUS_HTTP_PORT)
     * @param env           extra environment (configuration overrides); the child inherits the rest of this JVM's
     *                      environment except {@code TOONFORGE_API_TOKEN}, which it has only when {@code env} holds it
     * @param jvmArgs       e.g. -Xmx
     */
    public static ServiceProcess start(String name, Path quarkusRunJar, int port, Map<String, String> env, List<String> jvmArgs,
                                       Path log) {
        if (!Files.isRegularFile(quarkusRunJar)) {
            throw new IllegalStateException(name + " is not built: " + quarkusRunJar + " is missing (./mvnw -B install -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(quarkusRunJar.toAbsolutePath() + java.io.File.pathSeparator + guardClasspath());
        command.add(ChildProcessGuard.class.getName());
        command.add(QUARKUS_MAIN);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(quarkusRunJar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        childEnvironment(builder.environment(), env, port);
        try {
            Files.createDirectories(log.getParent());
            return new ServiceProcess(name, port, log, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** Turns the inherited {@code environment} into the child's: no inherited token, then {@code env}, then the port. */
    static void childEnvironment(Map<String, String> environment, Map<String, String> env, int port) {
        environment.remove(API_TOKEN_VARIABLE);
        environment.putAll(env);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    }

    /** Waits until {@code /q/health/ready} answers 200; fails early if the process exits. */
    public ServiceProcess awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url("/q/health/ready"))).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + " while starting; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            pause();
        }
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; see " + log);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook, no cleanup, as a crash. */
    public void kill() {
        process.destroyForcibly();
        waitFor(30);
    }

    /**
     * SIGTERM, then SIGKILL if it has not exited within 30 s. The signal goes through the process handle, which leaves
     * the child's stdin open ({@code Process.destroy} closes it at once, and {@link ChildProcessGuard} would halt the
     * child before its shutdown hooks ran): the service shuts down as it would under any supervisor.
     */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.toHandle().destroy();
        if (!waitFor(30)) {
            kill();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private boolean waitFor(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where {@link ChildProcessGuard} lives (a jar or target/classes), for a child's classpath. */
    public static String guardClasspath() {
        try {
            return Paths.get(ChildProcessGuard.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the local-infra classes for a child process", e);
        }
    }
}
