package dev.toonforge.common.storage;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/** Creates the bucket at start when the store answers; a store that is down is reported by the readiness check. */
public class BucketInitializer {

    private static final Logger LOG = Logger.getLogger(BucketInitializer.class);

    void onStart(@Observes StartupEvent event, ObjectStore store, S3Settings settings) {
        try {
            store.ensureBucket();
            LOG.infof("Object store %s, bucket '%s'", settings.endpoint(), store.bucket());
        } catch (StorageUnavailableException e) {
            LOG.warnf("Object store %s is not reachable yet (%s); readiness stays DOWN until it is", settings.endpoint(),
                    e.getMessage());
        }
    }
}
