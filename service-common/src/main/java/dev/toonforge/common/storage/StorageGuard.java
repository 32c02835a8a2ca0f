package dev.toonforge.common.storage;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * The one retry policy for object-store work that waits out an outage of the store instead of failing: a method
 * annotated {@code @ApplyGuard("storage")} (SmallRye Fault Tolerance) is called again while it throws
 * {@link StorageUnavailableException}, every {@code toonforge.storage.retry.delay} (2s, plus up to
 * {@code toonforge.storage.retry.jitter}, 200ms), for at most {@code toonforge.storage.retry.max-duration} (30m); then the
 * last failure propagates. Any other exception propagates at once.
 * <p>
 * Only methods that carry the annotation are guarded, and only in a service with the
 * {@code quarkus-smallrye-fault-tolerance} extension; every other service gets no retries from this class.
 */
public class StorageGuard {

    /** The identifier to name in {@code @ApplyGuard}. */
    public static final String NAME = "storage";

    @Produces
    @Singleton
    @Identifier(NAME)
    Guard storage(@ConfigProperty(name = "toonforge.storage.retry.max-duration", defaultValue = "30m") Duration maxDuration,
                  @ConfigProperty(name = "toonforge.storage.retry.delay", defaultValue = "2s") Duration delay,
                  @ConfigProperty(name = "toonforge.storage.retry.jitter", defaultValue = "200ms") Duration jitter) {
        return Guard.create()
                .withDescription(NAME)
                .withRetry()
                .maxRetries(-1)
                .maxDuration(maxDuration.toMillis(), ChronoUnit.MILLIS)
                .delay(delay.toMillis(), ChronoUnit.MILLIS)
                .jitter(jitter.toMillis(), ChronoUnit.MILLIS)
                .retryOn(StorageUnavailableException.class)
                .done()
                .build();
    }
}
