import dev.toonforge.ingest.imaging.ImageNormalizer;
import dev.toonforge.ingest.imaging.NormalizationRules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service's image work alone (ImageNormalizer: decode, crop, area resize, PNG, SHA-256; no HTTP, S3 or Kafka) on the
 * benchmark's photos with N threads, to set beside pillow_normalize.py. Files are read into memory first.
 * Args: photo folder, threads, passes (the first ones warm the JIT up; the last is timed), fast|imageio. Prints images/s.
 */
public class NormalizerOnly {
    public static void main(String[] args) throws Exception {
        List<byte[]> photos;
        try (var files = Files.list(Path.of(args[0]))) {
            photos = files.filter(p -> p.toString().endsWith(".jpg")).sorted().map(NormalizerOnly::read).toList();
        }
        int threads = Integer.parseInt(args[1]);
        int passes = Integer.parseInt(args[2]);
        ImageNormalizer normalizer = new ImageNormalizer(NormalizationRules.defaults(), !"imageio".equals(args[3]));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        double rate = 0;
        for (int pass = 0; pass < passes; pass++) {
            AtomicInteger next = new AtomicInteger();
            long started = System.nanoTime();
            List<Future<Object>> workers = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < photos.size(); i = next.getAndIncrement()) {
                        normalizer.normalize(photos.get(i), 128);
                    }
                    return null;
                }));
            }
            for (Future<Object> w : workers) {
                w.get();
            }
            rate = photos.size() / ((System.nanoTime() - started) / 1e9);
        }
        pool.shutdown();
        System.out.printf("%.1f%n", rate);
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
