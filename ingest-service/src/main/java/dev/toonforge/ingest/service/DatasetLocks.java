package dev.toonforge.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One lock per dataset, within this process, around an upload's manifest work and a delete, so a delete and the uploads
 * of this instance take turns. Correctness across instances does not rest on it: a new dataset's size and every image
 * are decided by the store's atomic create ({@link IngestService}).
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
