package dev.toonforge.infra.kafka;

import dev.toonforge.infra.FreePorts;
import dev.toonforge.infra.TempFolders;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
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
import java.util.Properties;

/**
 * A real single-node Kafka broker in KRaft mode (broker and controller in one), in this JVM, bound to 127.0.0.1.
 * Ports are fixed on first start so a restart keeps the same address; a given log folder keeps its data across restarts.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

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
        server.startup();
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
