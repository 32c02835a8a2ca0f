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
 * Announcement records ({@link ImageAnnouncements}) are written on a third, small set: a duplicate that waits on a
 * store thread for an image's record never holds up the write of that record.
 */
@ApplicationScoped
public class DecodePool {

    private final int decodeThreads;
    private final int storeThreads;
    private final ExecutorService decoders;
    private final ExecutorService storers;
    private final ExecutorService recorders;

    public DecodePool(IngestSettings settings) {
        this.decodeThreads = settings.decodeThreads() > 0 ? settings.decodeThreads() : Runtime.getRuntime().availableProcessors();
        this.storeThreads = settings.storeThreads();
        this.decoders = Executors.newFixedThreadPool(decodeThreads, named("image-decoder"));
        this.storers = Executors.newFixedThreadPool(storeThreads, named("image-store"));
        this.recorders = Executors.newFixedThreadPool(2, named("announcement-record"));
    }

    public Executor decoders() {
        return decoders;
    }

    public Executor storers() {
        return storers;
    }

    public Executor recorders() {
        return recorders;
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
        recorders.shutdownNow();
    }
}
