package dev.toonforge.launcher;

import dev.toonforge.infra.demo.DemoFaces;
import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ImageIngested;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * The reliability load script (a benchmark, not a test): the whole system on free ports, 5 concurrent uploads
 * of 500 distinct images each into one dataset, then checks of dataset.json and of the events; then one epoch of training
 * and the sampler under 16 clients for a while, with latency percentiles and errors. Run with bench/load/run.sh.
 */
public final class LoadBench {

    public static void main(String[] args) throws Exception {
        int uploads = Integer.getInteger("uploads", 5);
        int perUpload = Integer.getInteger("images", 500);
        int clients = Integer.getInteger("clients", 16);
        int seconds = Integer.getInteger("seconds", 60);
        Path data = Files.createTempDirectory("toonforge-load-");
        SystemSettings settings = SystemSettings.onFreePorts(Path.of(System.getProperty("toonforge.repository", "..")).toRealPath(), data);
        try (ToonforgeSystem system = ToonforgeSystem.start(settings);
             ToonforgeClient client = new ToonforgeClient(settings, system.apiToken())) {
            // 1. Concurrent uploads into one dataset.
            List<byte[]> zips = new ArrayList<>();
            for (int u = 0; u < uploads; u++) {
                zips.add(DemoFaces.zip(perUpload, 1000 + u, 64));
            }
            ExecutorService pool = Executors.newFixedThreadPool(uploads);
            long started = System.nanoTime();
            List<Future<JsonNode>> answers = new ArrayList<>();
            for (int u = 0; u < uploads; u++) {
                int n = u;
                answers.add(pool.submit(() -> client.uploadZip("load", 32, "load-" + n + ".zip", zips.get(n))));
            }
            int accepted = 0;
            int duplicates = 0;
            int rejected = 0;
            for (Future<JsonNode> a : answers) {
                JsonNode report = a.get();
                accepted += report.get("accepted").size();
                duplicates += report.get("duplicates").size();
                rejected += report.get("rejected").size();
            }
            double uploadSeconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();
            JsonNode dataset = json(settings.url(settings.ingestPort()) + "/api/datasets/load");
            int events = distinctImageEvents(system.infra().kafka().bootstrapServers(), accepted);
            System.out.printf("uploads: %d x %d images in %.1f s (%.1f images/s): accepted %d, duplicates %d, rejected %d;"
                            + " dataset imageCount %d; images.ingested events %d (distinct hashes %d)%n",
                    uploads, perUpload, uploadSeconds, uploads * perUpload / uploadSeconds, accepted, duplicates, rejected,
                    dataset.get("imageCount").asInt(), eventsTotal, events);

            // 2. A model to sample from: one epoch of tiny-32.
            String runId = await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> client.startRun(
                    Map.of("dataset", "load", "preset", "tiny-32", "epochs", 1, "batchSize", 64, "seed", 1)), id -> id != null);
            await().atMost(Duration.ofMinutes(30)).until(() -> "completed".equals(client.run(runId).get("state").asText()));
            String image = settings.url(settings.samplerPort()) + "/api/samples/load/image.png?seed=";
            await().atMost(Duration.ofMinutes(1)).until(() -> status(image + 1) == 200);

            // 3. The sampler under load.
            long[] latencies = new long[10_000_000];
            AtomicInteger count = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            HttpClient http = HttpClient.newHttpClient();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            ExecutorService load = Executors.newFixedThreadPool(clients);
            for (int c = 0; c < clients; c++) {
                int id = c;
                load.submit(() -> {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        long t = System.nanoTime();
                        try {
                            int code = http.send(HttpRequest.newBuilder(URI.create(image + (id * 1_000_000L + i))).build(),
                                    HttpResponse.BodyHandlers.discarding()).statusCode();
                            if (code != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        latencies[count.getAndIncrement()] = System.nanoTime() - t;
                    }
                });
            }
            load.shutdown();
            load.awaitTermination(seconds + 120L, java.util.concurrent.TimeUnit.SECONDS);
            long[] done = Arrays.copyOf(latencies, count.get());
            Arrays.sort(done);
            System.out.printf("sampler: %d clients for %d s: %d requests, %d errors, %.1f requests/s, p50 %.1f ms, p90 %.1f ms,"
                            + " p99 %.1f ms, max %.1f ms%n", clients, seconds, done.length, errors.get(), done.length / (double) seconds,
                    pct(done, 50), pct(done, 90), pct(done, 99), done[done.length - 1] / 1e6);
        }
    }

    private static int eventsTotal;

    private static int distinctImageEvents(String bootstrap, int expected) {
        Map<String, Object> config = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "load-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        java.util.Set<String> hashes = new java.util.HashSet<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("images.ingested"));
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    eventsTotal++;
                    EventCodec.tryDecode(r.value(), ImageIngested.class, "images.ingested").ifPresent(e -> hashes.add(e.sha256()));
                }
                return hashes.size() >= expected;
            });
            // drain what is left, to count duplicates too
            for (int i = 0; i < 4; i++) {
                eventsTotal += consumer.poll(Duration.ofMillis(500)).count();
            }
        }
        return hashes.size();
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static JsonNode json(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return dev.toonforge.contracts.Json.mapper().readTree(r.body());
    }

    private static int status(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private LoadBench() {
    }
}
