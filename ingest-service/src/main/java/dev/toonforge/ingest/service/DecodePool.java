package dev.toonforge.ingest.service;

import dev.toonforge.ingest.config.IngestSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fixed set of threads that decode and normalize images, shared by all requests and never the event loop.
 * Each request keeps at most {@link #parallelism()} * 2 of its images queued here, so one huge archive takes its
 * turn with the others instead of queueing thousands of images ahead of them.
 */
@ApplicationScoped
public class DecodePool {

    private final int threads;
    private final ExecutorService executor;

    public DecodePool(IngestSettings settings) {
        this.threads = settings.decodeThreads() > 0 ? settings.decodeThreads() : Runtime.getRuntime().availableProcessors();
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread t = new Thread(task, "image-decoder-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newFixedThreadPool(threads, factory);
    }

    public int parallelism() {
        return threads;
    }

    public <T> Future<T> submit(Callable<T> task) {
        return executor.submit(task);
    }

    @PreDestroy
    void shutdown() {
        executor.shutdownNow();
    }
}
