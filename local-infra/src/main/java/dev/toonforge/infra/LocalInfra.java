package dev.toonforge.infra;

import dev.toonforge.infra.kafka.KafkaBroker;
import dev.toonforge.infra.s3.S3Server;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real Kafka broker and S3 server that Toonforge needs, started together. Used by the services' tests, by the
 * no-Docker launcher, and by fault tests that stop and restart one of them.
 */
public final class LocalInfra implements AutoCloseable {

    /** Configuration keys the services read; the test resource and the launcher hand these over. */
    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap.servers";
    public static final String S3_ENDPOINT = "toonforge.s3.endpoint";
    public static final String S3_ACCESS_KEY = "toonforge.s3.access-key";
    public static final String S3_SECRET_KEY = "toonforge.s3.secret-key";
    public static final String S3_BUCKET = "toonforge.s3.bucket";

    private static final Logger LOG = LoggerFactory.getLogger(LocalInfra.class);
    private static final int EPHEMERAL_ATTEMPTS = 3;

    private final KafkaBroker kafka;
    private final S3Server s3;
    private final String bucket;
    /** Made on first use (see {@link #minioClient()}); the server keeps its endpoint across a stop and start. */
    private MinioClient minioClient;

    private LocalInfra(KafkaBroker kafka, S3Server s3, String bucket) {
        this.kafka = kafka;
        this.s3 = s3;
        this.bucket = bucket;
    }

    /**
     * Starts both servers on free ports with temporary folders, removed on close: for tests and benchmarks. A port is
     * picked free before its server binds it, and another socket of the machine can take it in between; a start that
     * fails is closed and tried again on new ports, up to {@value #EPHEMERAL_ATTEMPTS} times.
     */
    public static LocalInfra startEphemeral(String bucket) {
        RuntimeException failure = null;
        for (int attempt = 1; attempt <= EPHEMERAL_ATTEMPTS; attempt++) {
            LocalInfra infra = new LocalInfra(KafkaBroker.create(0, null),
                    S3Server.create(0, null, "test-access", "test-secret-key"), bucket);
            try {
                return infra.start();
            } catch (RuntimeException e) {
                LOG.warn("Local Kafka and S3 did not start (attempt {} of {}): {}", attempt, EPHEMERAL_ATTEMPTS, e.toString(), e);
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    /** Both servers with data under {@code dataDir} (kept across restarts). */
    public static LocalInfra persistent(Path dataDir, int kafkaPort, int s3Port, String accessKey, String secretKey,
                                        String bucket) {
        return new LocalInfra(KafkaBroker.create(kafkaPort, dataDir.resolve("kafka")),
                S3Server.create(s3Port, dataDir.resolve("s3"), accessKey, secretKey), bucket);
    }

    /** Starts both servers and creates the bucket; when any of it fails, stops what did start and rethrows. */
    public LocalInfra start() {
        try {
            s3.start();
            kafka.start();
            ensureBucket();
            return this;
        } catch (RuntimeException e) {
            try {
                close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public S3Server s3() {
        return s3;
    }

    public String bucket() {
        return bucket;
    }

    /**
     * A MinIO client signed with this server's credentials, the same one for every call: building one reads the CA
     * bundle that {@code SSL_CERT_FILE} names, where set, which costs more than a small PUT.
     */
    public synchronized MinioClient minioClient() {
        if (minioClient == null) {
            minioClient = MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).build();
        }
        return minioClient;
    }

    /** The settings a Toonforge service needs to talk to these servers. */
    public Map<String, String> serviceConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(KAFKA_BOOTSTRAP, kafka.bootstrapServers());
        config.put(S3_ENDPOINT, s3.endpoint());
        config.put(S3_ACCESS_KEY, s3.accessKey());
        config.put(S3_SECRET_KEY, s3.secretKey());
        config.put(S3_BUCKET, bucket);
        return config;
    }

    /** The same settings as environment variables (kafka.bootstrap.servers becomes KAFKA_BOOTSTRAP_SERVERS), for child processes. */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        serviceConfig().forEach((key, value) -> env.put(key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_"), value));
        return env;
    }

    private void ensureBucket() {
        try {
            MinioClient client = minioClient();
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create bucket '" + bucket + "' on " + s3.endpoint() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            s3.close();
        }
    }
}
