package dev.toonforge.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sampler throughput: {@code clients} threads send GET requests back to back for a while, each for a seed of its own, spread
 * round-robin over the sampler instances; every answer but 200 is an error. Benchmarks only.
 */
final class SamplerThroughput {

    /** What one load produced. {@code firstError} is null when there was none. */
    record Result(int clients, int instances, double seconds, int requests, int errors, String firstError,
                  Latencies.Sorted latencies) {

        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private SamplerThroughput() {
    }

    /**
     * @param samplerUrls  the instances' base URLs ({@code http://127.0.0.1:port})
     * @param pathAndSeed  the request's path and query up to the seed, e.g. {@code /api/samples/d/image.png?seed=}
     */
    static Result run(List<String> samplerUrls, String pathAndSeed, int clients, Duration duration) throws InterruptedException {
        Latencies latencies = new Latencies(10_000_000);
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        ExecutorService load = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            int id = c;
            load.submit(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    URI uri = URI.create(samplerUrls.get((id + i) % samplerUrls.size()) + pathAndSeed + (id * 1_000_000L + i));
                    long t = System.nanoTime();
                    try {
                        int code = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (code != 200) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, uri + " answered " + code);
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, uri + " failed: " + e);
                    }
                    latencies.record(System.nanoTime() - t);
                }
            });
        }
        load.shutdown();
        load.awaitTermination(duration.toSeconds() + 120L, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(clients, samplerUrls.size(), seconds, latencies.count(), errors.get(), firstError.get(),
                latencies.sorted());
    }
}
