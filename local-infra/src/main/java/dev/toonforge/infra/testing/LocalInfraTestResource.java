package dev.toonforge.infra.testing;

import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.infra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Starts a real Kafka broker and S3 server for a {@code @QuarkusTest} and hands the service their addresses.
 * A test gets the running {@link LocalInfra} in a field annotated {@link InjectLocalInfra}.
 * <p>
 * Everything a test depends on comes from here, not from the caller's shell: the map {@link #start()} returns is a
 * configuration override that outranks environment variables, so an exported {@code TOONFORGE_API_TOKEN},
 * {@code KAFKA_BOOTSTRAP_SERVERS} or {@code TOONFORGE_S3_*} does not reach the service under test. Each setting is given
 * under its property name and under its environment-variable name too, because some readers look the latter up as it
 * is (Quarkus's Kafka client takes every {@code KAFKA_*} name it finds). The API token is pinned to {@link #API_TOKEN},
 * the one the tests present.
 */
public class LocalInfraTestResource implements QuarkusTestResourceLifecycleManager {

    /** The API token of every service under test ({@code toonforge.api-token}). */
    public static final String API_TOKEN = "test-token-0123456789";

    private LocalInfra infra;

    @Override
    public Map<String, String> start() {
        infra = LocalInfra.startEphemeral(ObjectKeys.DEFAULT_BUCKET);
        Map<String, String> config = new LinkedHashMap<>(infra.serviceConfig());
        config.put("toonforge.api-token", API_TOKEN);
        config.putAll(infra.serviceEnvironment());
        config.put("TOONFORGE_API_TOKEN", API_TOKEN);
        return config;
    }

    /** The running infrastructure, for a subclass that stores objects before the service starts (null before start). */
    protected LocalInfra infra() {
        return infra;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(infra,
                new TestInjector.AnnotatedAndMatchesType(InjectLocalInfra.class, LocalInfra.class));
    }

    @Override
    public void stop() {
        if (infra != null) {
            infra.close();
        }
    }
}
