package dev.toonforge.launcher;

import dev.toonforge.infra.demo.DemoFaces;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
            JsonNode dataset = BenchHttp.json(settings.url(settings.ingestPort()) + "/api/datasets/load");
            int expected = accepted;
            IngestedEvents events = IngestedEvents.read(system.infra().kafka().bootstrapServers(), e -> e.distinct() >= expected,
                    Duration.ofMinutes(2));
            System.out.printf("uploads: %d x %d images in %.1f s (%.1f images/s): accepted %d, duplicates %d, rejected %d;"
                            + " dataset imageCount %d; images.ingested events %d (distinct hashes %d)%n",
                    uploads, perUpload, uploadSeconds, uploads * perUpload / uploadSeconds, accepted, duplicates, rejected,
                    dataset.get("imageCount").asInt(), events.events(), events.distinct());

            // 2. A model to sample from: one epoch of tiny-32.
            String runId = await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> client.startRun(
                    Map.of("dataset", "load", "preset", "tiny-32", "epochs", 1, "batchSize", 64, "seed", 1)), id -> id != null);
            await().atMost(Duration.ofMinutes(30)).until(() -> "completed".equals(client.run(runId).get("state").asText()));
            String path = "/api/samples/load/image.png?seed=";
            String sampler = settings.url(settings.samplerPort());
            await().atMost(Duration.ofMinutes(1)).until(() -> BenchHttp.status(sampler + path + 1) == 200);

            // 3. The sampler under load.
            SamplerThroughput.Result r = SamplerThroughput.run(List.of(sampler), path, clients, Duration.ofSeconds(seconds));
            Latencies.Sorted done = r.latencies();
            System.out.printf("sampler: %d clients for %d s: %d requests, %d errors, %.1f requests/s, p50 %.1f ms, p90 %.1f ms,"
                            + " p99 %.1f ms, max %.1f ms%n", clients, seconds, r.requests(), r.errors(), r.requests() / (double) seconds,
                    done.percentileMs(50), done.percentileMs(90), done.percentileMs(99), done.maxMs());
        }
    }

    private LoadBench() {
    }
}
