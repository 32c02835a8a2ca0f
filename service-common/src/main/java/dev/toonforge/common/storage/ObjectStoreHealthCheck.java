package dev.toonforge.common.storage;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the object store answers and the bucket exists. */
@Readiness
@ApplicationScoped
public class ObjectStoreHealthCheck implements HealthCheck {

    private final ObjectStore store;
    private final S3Settings settings;

    public ObjectStoreHealthCheck(ObjectStore store, S3Settings settings) {
        this.store = store;
        this.settings = settings;
    }

    private boolean reachable() {
        try {
            store.ensureBucket();
            return true;
        } catch (StorageUnavailableException e) {
            return false;
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("object-store")
                .status(reachable())
                .withData("endpoint", settings.endpoint())
                .withData("bucket", store.bucket())
                .build();
    }
}
