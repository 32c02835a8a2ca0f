package dev.toonforge.dcgan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Does the GAN learn? Trains tiny-32 on discs of random colour on a plain background (drawn here) for a bounded
 * number of steps and asks that G's images be measurably closer to the data than the untrained G's.
 *
 * <p>The statistic is the sliced Wasserstein distance (SWD) between 256 generated and 256 data images, each
 * average-pooled to 16x16 RGB: the mean, over 128 random unit directions, of the 1-D Wasserstein-1 distance between
 * the two sets' projections. It is a true distance between distributions (zero only when all projections agree), so
 * it falls when G gets the background colour right and when it learns where and how large the disc is, and it rises
 * again if G collapses to one image (the spread of each projection then vanishes). Pooling keeps the dimension low
 * enough that 256 samples estimate it with little noise: two independent data sets are far closer to each other than
 * the untrained G is to the data. The test asks for a cut of at least 30% of the untrained G's distance, several
 * times that noise floor, and prints all three distances. Every seed is fixed, and a CPU run is bit-for-bit
 * repeatable.
 */
class LearnabilityTest {

    static final int STEPS = Integer.getInteger("learnability.steps", 200);
    static final int BATCH = 16;
    static final int SAMPLES = 256;

    @Test
    void trainingBringsGeneratedImagesCloserToTheData() {
        Dcgan gan = Dcgan.create(DcganConfig.forPreset("tiny-32").withBatchSize(BATCH), 2024);
        INDArray data = Discs.batch(new SplittableRandom(99), SAMPLES, 32);
        INDArray z = gan.noise().forSeeds(seeds(SAMPLES));

        double untrained = slicedWasserstein(gan.generate(z), data);
        double holdOut = slicedWasserstein(Discs.batch(new SplittableRandom(123), SAMPLES, 32), data);

        SplittableRandom batches = new SplittableRandom(7);
        for (int k = 1; k <= STEPS; k++) {
            StepResult r = gan.trainStep(Discs.batch(batches, BATCH, 32));
            assertThat(r.discriminatorLoss()).isFinite();
            assertThat(r.generatorLoss()).isFinite();
            if (Boolean.getBoolean("learnability.trace") && k % 25 == 0) {
                System.out.printf("step %d: %s, SWD %.4f%n", k, r, slicedWasserstein(gan.generate(z), data));
            }
        }
        double trained = slicedWasserstein(gan.generate(z), data);

        System.out.printf("SWD to the data: untrained G %.4f, trained G %.4f (after %d steps), fresh data %.4f%n",
                untrained, trained, STEPS, holdOut);
        assertThat(holdOut).as("the statistic's sampling noise").isLessThan(0.1 * untrained);
        assertThat(trained).isLessThan(0.7 * untrained);
    }

    private static long[] seeds(int n) {
        long[] seeds = new long[n];
        Arrays.setAll(seeds, i -> 10_000 + i);
        return seeds;
    }

    /** SWD between two [n, 3, 32, 32] batches in [-1, 1], after 2x2 average pooling. */
    static double slicedWasserstein(INDArray a, INDArray b) {
        double[][] x = pooled(a);
        double[][] y = pooled(b);
        int dim = x[0].length;
        SplittableRandom random = new SplittableRandom(31);
        int directions = 128;
        double total = 0;
        for (int d = 0; d < directions; d++) {
            double[] u = new double[dim];
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                u[j] = random.nextGaussian();
                norm += u[j] * u[j];
            }
            norm = Math.sqrt(norm);
            double[] px = project(x, u, norm);
            double[] py = project(y, u, norm);
            Arrays.sort(px);
            Arrays.sort(py);
            double w = 0;
            for (int i = 0; i < px.length; i++) {
                w += Math.abs(px[i] - py[i]);
            }
            total += w / px.length;
        }
        return total / directions;
    }

    private static double[] project(double[][] points, double[] u, double norm) {
        double[] p = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            double s = 0;
            for (int j = 0; j < u.length; j++) {
                s += points[i][j] * u[j];
            }
            p[i] = s / norm;
        }
        return p;
    }

    private static double[][] pooled(INDArray images) {
        int n = (int) images.size(0);
        int size = (int) images.size(2);
        int half = size / 2;
        float[] v = images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        double[][] out = new double[n][3 * half * half];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                int base = (i * 3 + c) * size * size;
                for (int y = 0; y < half; y++) {
                    for (int x = 0; x < half; x++) {
                        int p = base + 2 * y * size + 2 * x;
                        out[i][(c * half + y) * half + x] = (v[p] + v[p + 1] + v[p + size] + v[p + size + 1]) / 4.0;
                    }
                }
            }
        }
        return out;
    }
}
