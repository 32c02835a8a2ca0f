import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.Generator;
import dev.toonforge.infra.LocalInfra;
import io.minio.PutObjectArgs;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator for bench/sampler/run.sh: starts a real Kafka and S3 (local-infra), stores a checkpoint as the trainer
 * does, starts the packaged sampler-service as a child process, and measures it over HTTP. Also times the bare DL4J
 * generator forward pass in this process, for comparison with the PyTorch twin.
 *
 * Usage: java -cp CP SamplerBench.java <quarkus-run.jar> <preset> <seconds> <java options for the service...>
 */
public class SamplerBench {

    public static void main(String[] args) throws Exception {
        String jar = args[0];
        String preset = args[1];
        int seconds = Integer.parseInt(args[2]);
        List<String> serviceJvm = List.of(args).subList(3, args.length);

        try (LocalInfra infra = LocalInfra.startEphemeral(ObjectKeys.DEFAULT_BUCKET)) {
            Dcgan gan = Dcgan.create(DcganConfig.forPreset(preset), 1);
            storeCheckpoint(infra, gan, preset);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            List<String> command = new ArrayList<>();
            command.add(System.getProperty("java.home") + "/bin/java");
            command.addAll(serviceJvm);
            command.add("-Dquarkus.http.port=" + port);
            infra.serviceConfig().forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("-jar");
            command.add(jar);
            Process service = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(new File(System.getProperty("bench.serviceLog", "sampler-service.log"))).start();
            try {
                String base = "http://127.0.0.1:" + port;
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                waitForModel(http, base);
                String image = base + "/api/samples/bench/image.png?seed=";
                String grid = base + "/api/samples/bench/grid.png?count=64&seed=";

                run(http, image, 16, 5, 1); // warm-up (JIT, ND4J, connection pools)
                stats(http, base); // reset view: the numbers below are deltas
                Result one = run(http, image, 1, seconds, 1);
                long[] before = stats(http, base);
                Result sixteen = run(http, image, 16, seconds, 1);
                long[] after = stats(http, base);
                run(http, grid, 1, 3, 64);
                Result grids = run(http, grid, 1, seconds, 64);

                System.out.println(one.line("image.png, 1 client"));
                System.out.println(sixteen.line("image.png, 16 clients") + String.format(Locale.ROOT,
                        ", mean images per generator pass %.1f", (double) (after[1] - before[1]) / Math.max(1, after[0] - before[0])));
                System.out.println(grids.line("grid.png?count=64, 1 client"));
                System.out.printf(Locale.ROOT, "RESULT sampler_p50_1=%.2f sampler_p99_1=%.2f sampler_p50_16=%.2f sampler_p99_16=%.2f"
                                + " sampler_img_s_1=%.1f sampler_img_s_16=%.1f grid64_img_s=%.1f%n",
                        one.p(50), one.p(99), sixteen.p(50), sixteen.p(99), one.imagesPerSecond(), sixteen.imagesPerSecond(),
                        grids.imagesPerSecond());
            } finally {
                service.destroy();
                service.waitFor();
            }
            // The bare network, forward passes only, with the service's default of one ND4J thread.
            int threads = Integer.getInteger("bench.computeThreads", 1);
            org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxThreads(threads);
            org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxMasterThreads(threads);
            Generator generator = gan.generator();
            for (int batch : new int[] {1, 64}) {
                double rate = forwardRate(generator, batch, Math.min(seconds, 20));
                System.out.printf(Locale.ROOT, "RESULT impl=dl4j preset=%s batch=%d gen_img_s=%.1f threads=%d%n", preset, batch,
                        rate, threads);
            }
        }
        System.exit(0);
    }

    record Result(List<Long> nanos, long images, double seconds, long failures) {
        double p(double percentile) {
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            int i = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
        }

        double imagesPerSecond() {
            return images / seconds;
        }

        String line(String what) {
            return String.format(Locale.ROOT, "%s: %d requests in %.0f s, p50 %.2f ms, p99 %.2f ms, %.1f images/s, %d failed",
                    what, nanos.size(), seconds, p(50), p(99), imagesPerSecond(), failures);
        }
    }

    static Result run(HttpClient http, String url, int clients, int seconds, int imagesPerRequest) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        AtomicLong failures = new AtomicLong();
        AtomicLong seed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url + seed.getAndIncrement()))
                            .timeout(Duration.ofSeconds(30)).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long t = System.nanoTime() - t0;
                        if (r.statusCode() == 200 && r.body().length > 0) {
                            nanos.add(t);
                        } else {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(new ArrayList<>(nanos), (long) nanos.size() * imagesPerRequest, elapsed, failures.get());
    }

    /** passes, images so far (GET /api/stats). */
    static long[] stats(HttpClient http, String base) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(base + "/api/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        var tree = Json.mapper().readTree(body);
        return new long[] {tree.get("passes").asLong(), tree.get("images").asLong()};
    }

    static void waitForModel(HttpClient http, String base) throws Exception {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/models")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"bench\"")) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(500); // polling a child process we started; nothing to await on
        }
        throw new IllegalStateException("the sampler did not load the benchmark model within 180 s (see its log)");
    }

    static double forwardRate(Generator generator, int batch, int seconds) {
        INDArray z = generator.noise().forSeeds(java.util.stream.LongStream.range(0, batch).toArray());
        for (int i = 0; i < 20; i++) {
            generator.generate(z);
        }
        long images = 0;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            generator.generate(z);
            images += batch;
        }
        return images / ((System.nanoTime() - start) / 1e9);
    }

    static void storeCheckpoint(LocalInfra infra, Dcgan gan, String preset) throws Exception {
        String runId = "bench-run";
        int epoch = 1;
        put(infra, ObjectKeys.runCheckpoint(runId, epoch), dev.toonforge.dcgan.CheckpointFile.write(gan));
        CheckpointPublished latest = CheckpointPublished.of(runId, "bench", preset, gan.config().imageSize(), epoch, 1, 0,
                Instant.now());
        put(infra, ObjectKeys.runLatest(runId), Json.mapper().writeValueAsBytes(latest));
    }

    static void put(LocalInfra infra, String key, byte[] bytes) throws Exception {
        infra.minioClient().putObject(PutObjectArgs.builder().bucket(infra.bucket()).object(key)
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
    }
}
