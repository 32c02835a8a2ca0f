package dev.toonforge.ingest.service;

import dev.toonforge.ingest.config.IngestSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of the ingest pipeline, shared by all requests and never the event loop: a fixed set that decodes and
 * normalizes images (CPU), and a fixed set that stores them and sends their events (waiting on S3), so the CPU keeps
 * decoding while objects are written. Each request keeps at most {@link #maxInFlightPerRequest()} images in the
 * pipeline, so one huge archive takes turns with the other uploads instead of queueing thousands of images ahead.
 */
@ApplicationScoped
public class DecodePool {

    private final int decodeThreads;
    private final int storeThreads;
    private final ExecutorService decoders;
    private final ExecutorService storers;

    public DecodePool(IngestSettings settings) {
        this.decodeThreads = settings.decodeThreads() > 0 ? settings.decodeThreads() : Runtime.getRuntime().availableProcessors();
        this.storeThreads = settings.storeThreads();
        this.decoders = Executors.newFixedThreadPool(decodeThreads, named("image-decoder"));
        this.storers = Executors.newFixedThreadPool(storeThreads, named("image-store"));
    }

    public Executor decoders() {
        return decoders;
    }

    public Executor storers() {
        return storers;
    }

    public int maxInFlightPerRequest() {
        return decodeThreads * 2 + storeThreads;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + "-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @PreDestroy
    void shutdown() {
        decoders.shutdownNow();
        storers.shutdownNow();
    }
}
