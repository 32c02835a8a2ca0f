package dev.toonforge.launcher;

import dev.toonforge.infra.demo.DemoFaces;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * The scale-out benchmark (not a test): the whole system on free ports with two instances of the ingest and sampler
 * services, then for one and for two instances of each: ingest throughput (client threads upload distinct images one per
 * request, round-robin over the instances; the counts must come out exact) and sampler throughput (client threads request
 * images for a while, round-robin over the instances; no request may fail). The one-instance cases send everything to
 * instance 1 while instance 2 idles. Prints one table line per case and writes the table to {@code -Dout}. Run with
 * bench/scale/run.sh; sizes and durations are system properties (see {@link Options}).
 */
public final class ScaleBench {

    private static final String HEADER = String.format("%-8s %9s %7s %8s %7s %9s %9s %8s %8s %8s %6s  %s",
            "service", "instances", "clients", "seconds", "ops", "ops/s", "images/s", "p50_ms", "p95_ms", "p99_ms", "errors",
            "check");

    /** The knobs, as {@code -Dname=value}. */
    record Options(int images, int ingestClients, int imageSize, int samplerClients, int seconds, int warmupSeconds,
                   int imagesPerRequest, int epochs, Path out) {

        static Options fromSystemProperties() {
            return new Options(Integer.getInteger("images", 400), Integer.getInteger("ingestClients", 8),
                    Integer.getInteger("imageSize", 64), Integer.getInteger("samplerClients", 16),
                    Integer.getInteger("seconds", 20), Integer.getInteger("warmupSeconds", 5),
                    Integer.getInteger("imagesPerRequest", 1), Integer.getInteger("epochs", 2),
                    Path.of(System.getProperty("out", "bench/out/scale")));
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.fromSystemProperties();
        Path data = Files.createTempDirectory("toonforge-scale-");
        SystemSettings settings = SystemSettings.onFreePorts(Path.of(System.getProperty("toonforge.repository", "..")).toRealPath(), data);
        List<String> lines = new ArrayList<>();
        boolean allExact = true;
        try (ToonforgeSystem system = ToonforgeSystem.start(settings, LaunchToken.fromDataFolder(data), Scale.parse("ingest=2,sampler=2"));
             ToonforgeClient client = new ToonforgeClient(settings, system.apiToken(), o.ingestClients())) {
            List<String> ingest = urls(system, "ingest-service");
            List<String> sampler = urls(system, "sampler-service");
            String bootstrap = system.infra().kafka().bootstrapServers();
            System.out.println(HEADER);

            // Ingest: a warm-up on both instances, then one and two instances, each into a dataset of its own.
            IngestLoad.run(client, ingest, "scale-warmup", 32, faces(-1, 4 * o.ingestClients(), o.imageSize()), o.ingestClients());
            for (int n = 1; n <= 2; n++) {
                String dataset = "scale-ingest-" + n;
                IngestLoad.Result r = IngestLoad.run(client, ingest.subList(0, n), dataset, 32, faces(n, o.images(), o.imageSize()),
                        o.ingestClients());
                String check = ingestCheck(r, dataset, bootstrap, settings);
                allExact &= check.equals("exact");
                lines.add(row("ingest", r.instances(), r.clients(), r.seconds(), r.images(), r.imagesPerSecond(),
                        r.imagesPerSecond(), r.latencies(), r.failed(), check));
            }

            // A model to sample from: a tiny-32 run on the first ingest dataset (a batch may not exceed the dataset).
            String dataset = "scale-ingest-1";
            int batchSize = Math.min(64, o.images());
            String runId = await().atMost(Duration.ofMinutes(2)).ignoreExceptions().until(() -> client.startRun(
                    Map.of("dataset", dataset, "preset", "tiny-32", "epochs", o.epochs(), "batchSize", batchSize, "seed", 1)),
                    id -> id != null);
            await().atMost(Duration.ofMinutes(30)).until(() -> "completed".equals(client.run(runId).get("state").asText()));
            String path = o.imagesPerRequest() == 1 ? "/api/samples/" + dataset + "/image.png?seed="
                    : "/api/samples/" + dataset + "/grid.png?count=" + o.imagesPerRequest() + "&seed=";
            for (String url : sampler) {
                await().atMost(Duration.ofMinutes(1)).until(() -> BenchHttp.status(url + path + 1) == 200);
            }

            // Sampler: a warm-up on both instances, then one and two instances.
            SamplerThroughput.run(sampler, path, o.samplerClients(), Duration.ofSeconds(o.warmupSeconds()));
            for (int n = 1; n <= 2; n++) {
                SamplerThroughput.Result r = SamplerThroughput.run(sampler.subList(0, n), path, o.samplerClients(), Duration.ofSeconds(o.seconds()));
                String check = r.errors() == 0 ? "ok" : "FAILED: " + r.errors() + " errors, first: " + r.firstError();
                allExact &= r.errors() == 0;
                lines.add(row("sampler", r.instances(), r.clients(), r.seconds(), r.requests(), r.requestsPerSecond(),
                        r.requestsPerSecond() * o.imagesPerRequest(), r.latencies(), r.errors(), check));
            }
        }
        Path table = write(o, lines);
        System.out.println("table: " + table + "; the services' logs: " + settings.logDir());
        System.exit(allExact ? 0 : 1);
    }

    /** "exact" when every image was accepted once, the dataset counts them all and each is announced once. */
    private static String ingestCheck(IngestLoad.Result r, String dataset, String bootstrap, SystemSettings settings) throws Exception {
        IngestedEvents events = IngestedEvents.read(bootstrap, e -> e.distinct(dataset) >= r.images(), Duration.ofMinutes(2));
        int imageCount = BenchHttp.json(settings.url(settings.ingestPort()) + "/api/datasets/" + dataset).get("imageCount").asInt();
        List<String> wrong = new ArrayList<>();
        expect(wrong, "accepted", r.accepted(), r.images());
        expect(wrong, "duplicates", r.duplicates(), 0);
        expect(wrong, "rejected", r.rejected(), 0);
        expect(wrong, "failed", r.failed(), 0);
        expect(wrong, "imageCount", imageCount, r.images());
        expect(wrong, "events", events.events(dataset), r.images());
        expect(wrong, "distinct events", events.distinct(dataset), r.images());
        if (r.firstError() != null) {
            wrong.add("first error: " + r.firstError());
        }
        return wrong.isEmpty() ? "exact" : "MISMATCH: " + String.join(", ", wrong);
    }

    private static void expect(List<String> wrong, String what, int actual, int expected) {
        if (actual != expected) {
            wrong.add(what + " " + actual + " (expected " + expected + ")");
        }
    }

    /** Distinct faces as PNGs: {@code set} keeps the sets of different cases apart. */
    private static List<byte[]> faces(long set, int count, int size) {
        List<byte[]> pngs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            try {
                ImageIO.write(DemoFaces.face(set * 10_000_000L + i, size), "png", png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            pngs.add(png.toByteArray());
        }
        return pngs;
    }

    private static List<String> urls(ToonforgeSystem system, String service) {
        return system.services().stream().filter(s -> s.name().equals(service) || s.name().startsWith(service + "-"))
                .map(s -> s.url("")).toList();
    }

    /** One line of the table, printed as it comes. */
    private static String row(String service, int instances, int clients, double seconds, int ops, double opsPerSecond,
                              double imagesPerSecond, Latencies.Sorted latencies, int errors, String check) {
        String line = String.format("%-8s %9d %7d %8.1f %7d %9.1f %9.1f %8.1f %8.1f %8.1f %6d  %s", service, instances, clients,
                seconds, ops, opsPerSecond, imagesPerSecond, latencies.percentileMs(50), latencies.percentileMs(95),
                latencies.percentileMs(99), errors, check);
        System.out.println(line);
        return line;
    }

    private static Path write(Options o, List<String> lines) throws IOException {
        Files.createDirectories(o.out());
        Instant now = Instant.now();
        Path file = o.out().resolve("scale-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(now) + ".txt");
        List<String> text = new ArrayList<>();
        text.add("# " + now + ", " + Runtime.getRuntime().availableProcessors() + " processors; " + o);
        text.add(HEADER);
        text.addAll(lines);
        Files.write(file, text);
        return file;
    }

    private ScaleBench() {
    }
}
