package dev.toonforge.infra.testing;

import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.infra.LocalInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts a real Kafka broker and S3 server for a {@code @QuarkusTest} and hands the service their addresses.
 * A test gets the running {@link LocalInfra} in a field annotated {@link InjectLocalInfra}.
 */
public class LocalInfraTestResource implements QuarkusTestResourceLifecycleManager {

    private LocalInfra infra;

    @Override
    public Map<String, String> start() {
        infra = LocalInfra.ephemeral(ObjectKeys.DEFAULT_BUCKET).start();
        return infra.serviceConfig();
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
