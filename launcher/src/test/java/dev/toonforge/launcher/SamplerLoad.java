package dev.toonforge.launcher;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady load of sample requests spread over several sampler instances: each client sends one request per period,
 * to the instances in turn, alternating a single image (GET image.png) and a batch of two (POST, a zip). Counts what each
 * instance answered, by the checkpoint it served (the {@code X-Toonforge-Checkpoint} header), and every failure: an
 * answer other than 200, or no answer at all.
 */
final class SamplerLoad implements AutoCloseable {

    private static final String CHECKPOINT_HEADER = "X-Toonforge-Checkpoint";
    private static final int MAX_FAILURES_KEPT = 20;

    private final List<String> samplerUrls;
    private final String dataset;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ScheduledExecutorService clients;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    /** Instance URL -> checkpoint id -> requests it answered with that checkpoint. */
    private final Map<String, Map<String, AtomicLong>> served = new ConcurrentHashMap<>();

    private SamplerLoad(List<String> samplerUrls, String dataset, int clientCount) {
        this.samplerUrls = List.copyOf(samplerUrls);
        this.dataset = dataset;
        this.clients = Executors.newScheduledThreadPool(clientCount);
        samplerUrls.forEach(url -> served.put(url, new ConcurrentHashMap<>()));
    }

    /** Starts {@code clientCount} clients, each sending a request every {@code period} (or when its last one answered). */
    static SamplerLoad start(List<String> samplerUrls, String dataset, int clientCount, Duration period) {
        SamplerLoad load = new SamplerLoad(samplerUrls, dataset, clientCount);
        for (int c = 0; c < clientCount; c++) {
            int client = c;
            AtomicLong turn = new AtomicLong();
            load.clients.scheduleAtFixedRate(() -> load.request(client, turn.getAndIncrement()), 0, period.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return load;
    }

    private void request(int client, long turn) {
        String url = samplerUrls.get((int) ((client + turn) % samplerUrls.size()));
        long seed = (client * 1_000_003L + turn) % 1_000_000L;
        boolean single = (client + turn / samplerUrls.size()) % 2 == 0;
        HttpRequest request = single
                ? HttpRequest.newBuilder(URI.create(url + "/api/samples/" + dataset + "/image.png?seed=" + seed))
                        .timeout(Duration.ofSeconds(30)).GET().build()
                : HttpRequest.newBuilder(URI.create(url + "/api/samples/" + dataset))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"seeds\":[" + seed + "," + (seed + 1) + "]}")).build();
        sent.incrementAndGet();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            String checkpoint = response.headers().firstValue(CHECKPOINT_HEADER).orElse(null);
            if (response.statusCode() != 200 || checkpoint == null || response.body().length == 0) {
                fail(request.method() + " " + request.uri() + " answered " + response.statusCode() + " (checkpoint "
                        + checkpoint + "): " + new String(response.body(), 0, Math.min(300, response.body().length)));
                return;
            }
            served.get(url).computeIfAbsent(checkpoint, k -> new AtomicLong()).incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(request.method() + " " + request.uri() + " was cut off by the end of the load");
        } catch (Exception e) {
            fail(request.method() + " " + request.uri() + " failed: " + e);
        }
    }

    private void fail(String message) {
        failed.incrementAndGet();
        if (failures.size() < MAX_FAILURES_KEPT) {
            failures.add(message);
        }
    }

    /** Checkpoints the instance has answered with so far, each with how many requests it answered. */
    Map<String, Long> servedBy(String samplerUrl) {
        Map<String, Long> counts = new TreeMap<>();
        served.get(samplerUrl).forEach((checkpoint, n) -> counts.put(checkpoint, n.get()));
        return counts;
    }

    /** Whether the instance has answered at least one request with a checkpoint of the run. */
    boolean servedRun(String samplerUrl, String runId) {
        return served.get(samplerUrl).keySet().stream().anyMatch(c -> c.startsWith(runId + "@"));
    }

    long sent() {
        return sent.get();
    }

    long failed() {
        return failed.get();
    }

    /** One line for the log: requests sent, failed, and what each instance answered with which checkpoint. */
    String summary() {
        StringBuilder line = new StringBuilder().append(sent()).append(" sample requests, ").append(failed()).append(" failed");
        samplerUrls.forEach(url -> line.append("; ").append(url).append(" served ").append(servedBy(url)));
        return line.toString();
    }

    /** The first failures, as messages. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops sending and waits for the requests under way to answer. */
    @Override
    public void close() throws InterruptedException {
        clients.shutdown();
        if (!clients.awaitTermination(1, TimeUnit.MINUTES)) {
            clients.shutdownNow();
        }
    }
}
