package dev.toonforge.dcgan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.Generator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training and generation speed of one preset, for bench/dcgan/run.sh. Not a test.
 *
 * <p>Usage: {@code DcganBenchmark <preset> <warmupSteps> <timedSteps> [batch]}. Prints one line:
 * {@code RESULT impl=dl4j preset=... train_img_s=... gen1_img_s=... gen64_img_s=... peak_rss_mb=...}.
 */
public final class DcganBenchmark {

    private static final long MIN_GENERATION_SECONDS = 5;

    public static void main(String[] args) throws IOException {
        String preset = args[0];
        int warmup = Integer.parseInt(args[1]);
        int timed = Integer.parseInt(args[2]);
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 64;

        DcganConfig config = DcganConfig.forPreset(preset).withBatchSize(batch);
        Dcgan gan = Dcgan.create(config, 1);
        int size = config.imageSize();
        // Random real images: speed does not depend on content.
        INDArray real = Nd4j.rand(1L, new long[] {batch, 3, size, size}).muli(2).subi(1);

        for (int i = 0; i < warmup; i++) {
            gan.trainStep(real);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < timed; i++) {
            gan.trainStep(real);
        }
        double trainImagesPerSecond = timed * batch / ((System.nanoTime() - t0) / 1e9);

        Generator generator = gan.generator();
        double gen1 = generationSpeed(generator, 1, 5, 20);
        double gen64 = generationSpeed(generator, 64, 1, 2);

        System.out.println(String.format(Locale.ROOT,
                "RESULT impl=dl4j preset=%s batch=%d train_img_s=%.3f gen1_img_s=%.3f gen64_img_s=%.3f peak_rss_mb=%.0f",
                preset, batch, trainImagesPerSecond, gen1, gen64, peakRssMegabytes()));
    }

    /** Images/s over at least {@code minCalls} calls and {@link #MIN_GENERATION_SECONDS}, after warm-up calls. */
    private static double generationSpeed(Generator generator, int batch, int warmup, int minCalls) {
        long[] seeds = new long[batch];
        Arrays.setAll(seeds, i -> i);
        INDArray z = generator.noise().forSeeds(seeds);
        for (int i = 0; i < warmup; i++) {
            generator.generatePixels(z);
        }
        long t0 = System.nanoTime();
        int calls = 0;
        while (calls < minCalls || System.nanoTime() - t0 < MIN_GENERATION_SECONDS * 1_000_000_000L) {
            generator.generatePixels(z);
            calls++;
        }
        return calls * batch / ((System.nanoTime() - t0) / 1e9);
    }

    /** VmHWM: the process's peak resident set, heap and off-heap (ND4J) together. */
    private static double peakRssMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
