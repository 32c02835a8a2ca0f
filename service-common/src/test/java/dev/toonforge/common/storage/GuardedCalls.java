package dev.toonforge.common.storage;

import io.smallrye.faulttolerance.api.ApplyGuard;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/** Calls guarded by the storage policy the way the services guard theirs, counting how often each body runs. */
@ApplicationScoped
public class GuardedCalls {

    private final AtomicInteger attempts = new AtomicInteger();

    /** How often a body ran since {@link #reset()} (a method: the test holds a client proxy, not this instance). */
    public int attempts() {
        return attempts.get();
    }

    public void reset() {
        attempts.set(0);
    }

    /** Fails with the store away {@code failures} times, then answers the attempt that succeeded. */
    @ApplyGuard("storage")
    public int storeBackAfter(int failures) {
        int attempt = attempts.incrementAndGet();
        if (attempt <= failures) {
            throw new StorageUnavailableException("store away (attempt " + attempt + ")", new IOException("refused"));
        }
        return attempt;
    }

    @ApplyGuard("storage")
    public void storeNeverBack() {
        attempts.incrementAndGet();
        throw new StorageUnavailableException("store away", new IOException("refused"));
    }

    @ApplyGuard("storage")
    public void failsWith(RuntimeException failure) {
        attempts.incrementAndGet();
        throw failure;
    }

    public void unguarded() {
        attempts.incrementAndGet();
        throw new StorageUnavailableException("store away", new IOException("refused"));
    }
}
