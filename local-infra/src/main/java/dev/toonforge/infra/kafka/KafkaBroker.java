package dev.toonforge.infra.kafka;

import dev.toonforge.infra.FreePorts;
import dev.toonforge.infra.TempFolders;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), in this JVM, bound to 127.0.0.1.
 * Ports are fixed on first start so a restart keeps the same address; a given log folder keeps its data across restarts.
 * {@link #start()} returns once the broker serves every topic its folder holds (each partition has its leader), so a
 * client that sends right after a restart finds its topic instead of timing out on the metadata.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    /** A partition's folder in the log folder: {@code <topic>-<partition>}. */
    private static final Pattern PARTITION_DIR = Pattern.compile("(.+)-\\d+");

    private final int port;
    private final int controllerPort;
    private final Path logDir;
    private final boolean deleteLogDirOnClose;
    private KafkaRaftServer server;

    private KafkaBroker(int port, Path logDir) {
        this.port = FreePorts.resolve(port);
        this.controllerPort = FreePorts.resolve(0);
        this.deleteLogDirOnClose = logDir == null;
        this.logDir = logDir != null ? logDir : TempFolders.create("toonforge-kafka-");
    }

    /**
     * @param port   the client port on 127.0.0.1, or 0 for any free port
     * @param logDir where the log lives; kept across restarts. Null: a temporary folder removed on {@link #close()}.
     */
    public static KafkaBroker create(int port, Path logDir) {
        return new KafkaBroker(port, logDir);
    }

    public synchronized KafkaBroker start() {
        if (server != null) {
            return this;
        }
        long started = System.nanoTime();
        Properties props = brokerProperties();
        format(props);
        server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        try {
            server.startup();
            awaitPartitionLeaders(storedTopics());
        } catch (RuntimeException e) {
            // A broker that failed to start (a port taken, a folder it cannot use) is shut down, so start() can be tried again.
            try {
                stop();
            } catch (RuntimeException stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
        LOG.info("Kafka broker (KRaft) listening on {} in {} ms, log dir {}", bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000, logDir);
        return this;
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        LOG.info("Kafka broker on {} stopped", bootstrapServers());
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        stop();
        if (deleteLogDirOnClose) {
            TempFolders.delete(logDir);
        }
    }

    /** The topics whose partitions the log folder holds, the cluster's own metadata log left out. */
    private Set<String> storedTopics() {
        try (Stream<Path> dirs = Files.list(logDir)) {
            return dirs.filter(Files::isDirectory).map(dir -> PARTITION_DIR.matcher(dir.getFileName().toString()))
                    .filter(java.util.regex.Matcher::matches).map(m -> m.group(1))
                    .filter(topic -> !topic.equals("__cluster_metadata")).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Kafka log folder " + logDir, e);
        }
    }

    /** Waits until every partition of {@code topics} has a leader; after a restart the broker loads them a while. */
    private void awaitPartitionLeaders(Set<String> topics) {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            while (true) {
                try {
                    Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                            .get(5, TimeUnit.SECONDS);
                    if (described.values().stream().map(TopicDescription::partitions).flatMap(List::stream)
                            .map(TopicPartitionInfo::leader).allMatch(leader -> leader != null && !leader.isEmpty())) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // Not loaded yet (unknown topic, no leader): asked again below.
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the Kafka broker on " + bootstrapServers() + " did not serve its"
                            + " topics " + topics + " within " + READY_TIMEOUT.toSeconds() + " s of starting");
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Kafka broker loaded its topics", e);
        }
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        // A single node: every replication factor and min ISR is 1.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "5");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("num.partitions", "1");
        p.setProperty("auto.create.topics.enable", "true");
        // Consumers in tests and the demo should not wait 3 s for a rebalance.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.flush.interval.messages", "1");
        return p;
    }

    private void format(Properties props) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return; // formatted on an earlier start: keep its cluster id and data
        }
        try {
            Files.createDirectories(logDir);
            Path config = logDir.resolveSibling(logDir.getFileName() + "-server.properties");
            try (var out = Files.newOutputStream(config)) {
                props.store(out, "Toonforge local Kafka broker");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(),
                        }, print);
            }
            LOG.debug("kafka-storage format: {}", output.toString(StandardCharsets.UTF_8).trim());
            Files.deleteIfExists(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Kafka log folder " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log folder " + logDir + ": " + e.getMessage(), e);
        }
    }
}
