package dev.toonforge.launcher;

import dev.toonforge.infra.FreePorts;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.process.ServiceProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole Toonforge system on one machine without Docker: the real Kafka broker and S3 server in this JVM, and the four
 * services as child JVMs that die with this one. {@code ./toonforge up} and the end-to-end test both start it here.
 */
public final class ToonforgeSystem implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ToonforgeSystem.class);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final SystemSettings settings;
    private final LaunchToken apiToken;
    private final Scale scale;
    private final LocalInfra infra;
    private final List<ServiceProcess> services = new ArrayList<>();

    private ToonforgeSystem(SystemSettings settings, LaunchToken apiToken, Scale scale) {
        this.settings = settings;
        this.apiToken = apiToken;
        this.scale = scale;
        this.infra = LocalInfra.persistent(settings.dataDir().resolve("infra"), settings.kafkaPort(), settings.s3Port(),
                settings.s3AccessKey(), settings.s3SecretKey(), settings.bucket());
    }

    /** {@link #start(SystemSettings, LaunchToken)} with the data folder's own token, whatever the environment holds. */
    public static ToonforgeSystem start(SystemSettings settings) {
        return start(settings, LaunchToken.fromDataFolder(settings.dataDir()));
    }

    /**
     * Starts everything with {@code apiToken} for every service and returns when every service answers
     * {@code /q/health/ready}; on failure stops what started.
     */
    static ToonforgeSystem start(SystemSettings settings, LaunchToken apiToken) {
        return start(settings, apiToken, Scale.single());
    }

    /**
     * As {@link #start(SystemSettings, LaunchToken)}, with {@code scale} instances of each service (instance 1 on the
     * configured port, the others on free ports; see {@link ServiceSpec#all(SystemSettings, Scale, java.util.function.IntSupplier)}).
     */
    static ToonforgeSystem start(SystemSettings settings, LaunchToken apiToken, Scale scale) {
        ToonforgeSystem system = new ToonforgeSystem(settings, apiToken, scale);
        try {
            system.startAll();
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private void startAll() {
        infra.start();
        for (ServiceSpec spec : ServiceSpec.all(settings, scale, () -> FreePorts.resolve(0))) {
            startInstance(spec);
        }
    }

    /**
     * Starts one more service instance with the system's infrastructure settings and token, and returns when it answers
     * {@code /q/health/ready}; it stops with the system.
     */
    ServiceProcess startInstance(ServiceSpec spec) {
        Map<String, String> env = new HashMap<>(infra.serviceEnvironment());
        env.put(LaunchToken.ENVIRONMENT_VARIABLE, apiToken.value());
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.putAll(spec.env());
        long started = System.nanoTime();
        ServiceProcess process = ServiceProcess.start(spec.name(), spec.jar(settings.repository()), spec.port(), env,
                spec.jvmArgs(), settings.logDir().resolve(spec.name() + ".log"));
        services.add(process);
        InstancesFile.write(settings.dataDir(), services);
        process.awaitReady(READY_TIMEOUT);
        LOG.info("{} ready on {} in {} ms (pid {}, log {})", spec.name(), process.url(""),
                (System.nanoTime() - started) / 1_000_000, process.pid(), process.log());
        return process;
    }

    public SystemSettings settings() {
        return settings;
    }

    public String apiToken() {
        return apiToken.value();
    }

    /** Where the token in force comes from, as {@code ./toonforge up} prints it. */
    String apiTokenDescription() {
        return apiToken.describe();
    }

    public LocalInfra infra() {
        return infra;
    }

    public List<ServiceProcess> services() {
        return Collections.unmodifiableList(services);
    }

    /** Every child process this system started (services and the S3 server), for checks that none is left. */
    public List<Long> childPids() {
        List<Long> pids = new ArrayList<>();
        services.forEach(s -> pids.add(s.pid()));
        if (infra.s3().pid() > 0) {
            pids.add(infra.s3().pid());
        }
        return pids;
    }

    /** Stops the services in reverse order, then the infrastructure. */
    @Override
    public void close() {
        List<ServiceProcess> reversed = new ArrayList<>(services);
        Collections.reverse(reversed);
        for (ServiceProcess service : reversed) {
            try {
                service.stop();
            } catch (RuntimeException e) {
                LOG.warn("could not stop {}: {}", service.name(), e.getMessage());
            }
        }
        infra.close();
        try {
            InstancesFile.remove(settings.dataDir());
        } catch (RuntimeException e) {
            LOG.warn("{}", e.getMessage());
        }
    }
}
