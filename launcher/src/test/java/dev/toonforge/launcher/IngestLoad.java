package dev.toonforge.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ingest load: {@code clients} threads upload PNG images one per request into one dataset, image {@code i} to ingest
 * instance {@code i mod n}, and add up the ingest reports. Benchmarks only.
 */
final class IngestLoad {

    /** What one load produced; {@code failed} counts uploads that did not answer 200, {@code firstError} the first. */
    record Result(int clients, int instances, int images, double seconds, int accepted, int duplicates, int rejected,
                  int failed, String firstError, Latencies.Sorted latencies) {

        double imagesPerSecond() {
            return images / seconds;
        }
    }

    private IngestLoad() {
    }

    static Result run(ToonforgeClient client, List<String> ingestUrls, String dataset, int size, List<byte[]> pngs,
                      int clients) throws InterruptedException {
        Latencies latencies = new Latencies(pngs.size());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger rejected = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < pngs.size(); i = next.getAndIncrement()) {
                    String url = ingestUrls.get(i % ingestUrls.size());
                    long t = System.nanoTime();
                    try {
                        JsonNode report = client.upload(url, dataset, size,
                                Map.of(String.format("image-%05d.png", i), pngs.get(i)));
                        accepted.addAndGet(report.get("accepted").size());
                        duplicates.addAndGet(report.get("duplicates").size());
                        rejected.addAndGet(report.get("rejected").size());
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, e.getMessage());
                    }
                    latencies.record(System.nanoTime() - t);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(clients, ingestUrls.size(), pngs.size(), seconds, accepted.get(), duplicates.get(), rejected.get(),
                failed.get(), firstError.get(), latencies.sorted());
    }
}
