package dev.toonforge.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per dataset around the manifest's read-modify-write (and the choice of a new dataset's size), so concurrent
 * uploads to one dataset count exactly (within this service instance). Per-image decisions use {@link ImageClaims}.
 */
@ApplicationScoped
public class DatasetLocks {

    private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public <T> T withLock(String dataset, Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(dataset, d -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
