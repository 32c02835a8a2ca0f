package dev.toonforge.dcgan.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import dev.toonforge.dcgan.Discs;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The SWD tells sets of the same kind from unrelated ones, level by level, repeatably. */
class SlicedWassersteinTest {

    private static final int N = 256;

    private static INDArray discs(long seed, int size) {
        return Discs.batch(new SplittableRandom(seed), N, size);
    }

    private static INDArray uniformNoise(long seed, int size) {
        return Nd4j.rand(DataType.FLOAT, N, 3, size, size).muli(2).subi(1);
    }

    @Test
    void twoSamplesOfTheSameKindAreFarCloserThanDataAndNoise() {
        SlicedWasserstein swd = new SlicedWasserstein(7);
        INDArray data = discs(1, 32);
        SwdByLevel same = swd.distance(data, discs(2, 32));
        Nd4j.getRandom().setSeed(5);
        SwdByLevel noise = swd.distance(data, uniformNoise(5, 32));

        System.out.printf("SWD x1000 at %s: data vs data %s (mean %.1f), data vs noise %s (mean %.1f)%n",
                same.levelSizes(), same.perLevel(), same.mean(), noise.perLevel(), noise.mean());
        assertThat(same.levelSizes()).containsExactly(32, 16);
        assertThat(noise.mean()).isGreaterThan(10 * same.mean());
        for (int level = 0; level < same.perLevel().size(); level++) {
            assertThat(noise.perLevel().get(level)).isGreaterThan(5 * same.perLevel().get(level));
        }
    }

    @Test
    void aSetIsAtDistanceZeroFromItselfAndTheSeedFixesTheResult() {
        INDArray data = discs(3, 64);
        INDArray other = discs(4, 64);
        assertThat(new SlicedWasserstein(1).distance(data, data).mean()).isZero();
        SwdByLevel first = new SlicedWasserstein(9).distance(data, other);
        assertThat(first.levelSizes()).containsExactly(64, 32, 16);
        assertThat(new SlicedWasserstein(9).distance(data, other)).isEqualTo(first);
        assertThat(new SlicedWasserstein(10).distance(data, other)).isNotEqualTo(first);
    }

    @Test
    void theDistanceIsSymmetricWhicheverSetIsProjectedAheadOfTime() {
        INDArray data = discs(11, 32);
        INDArray noise = uniformNoise(12, 32);
        SlicedWasserstein swd = new SlicedWasserstein(13);
        SlicedWasserstein.Descriptors a = swd.descriptors(32);
        a.add(data);
        a.finish();
        SlicedWasserstein.Descriptors b = swd.descriptors(32);
        b.add(noise);
        b.finish();
        SwdByLevel aToProjectedB = swd.distance(a, swd.project(b));
        assertThat(aToProjectedB.mean()).isGreaterThan(0);
        assertThat(swd.distance(b, swd.project(a))).isEqualTo(aToProjectedB);
        assertThat(swd.distance(a, swd.project(a)).mean()).isZero();
    }

    @Test
    void wassersteinOfSetsOfDifferentSizesIsTheAreaBetweenTheirQuantileFunctions() {
        // {0, 1} against {0, 0.5, 1}: quantiles differ by 0.5 on (1/3, 1/2) and by 0.5 on (1/2, 2/3)
        assertThat(SlicedWasserstein.wasserstein1(new float[] {0, 1}, new float[] {0, 0.5f, 1}))
                .isCloseTo(0.5 / 6 + 0.5 / 6, within(1e-12));
        assertThat(SlicedWasserstein.wasserstein1(new float[] {0, 1}, new float[] {2, 3})).isCloseTo(2, within(1e-12));
    }

    @Test
    void wassersteinOfRandomSetsOfDifferentSizesMatchesTheQuantileIntegral() {
        java.util.Random random = new java.util.Random(11);
        for (int[] sizes : new int[][] {{192, 256}, {7, 5}, {1000, 999}, {1, 64}}) {
            float[] a = sortedGaussians(random, sizes[0]);
            float[] b = sortedGaussians(random, sizes[1]);
            assertThat(SlicedWasserstein.wasserstein1(a, b)).as("%d against %d", sizes[0], sizes[1])
                    .isCloseTo(quantileIntegral(a, b), within(1e-9))
                    .isCloseTo(SlicedWasserstein.wasserstein1(b, a), within(1e-12));
        }
    }

    private static float[] sortedGaussians(java.util.Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        java.util.Arrays.sort(values);
        return values;
    }

    /** The integral of |Fa^-1(t) - Fb^-1(t)|, summed over the pieces between the two sets' breakpoints i / n. */
    private static double quantileIntegral(float[] a, float[] b) {
        java.util.TreeSet<Double> breaks = new java.util.TreeSet<>();
        for (int i = 0; i <= a.length; i++) {
            breaks.add((double) i / a.length);
        }
        for (int j = 0; j <= b.length; j++) {
            breaks.add((double) j / b.length);
        }
        double sum = 0;
        Double previous = null;
        for (double t : breaks) {
            if (previous != null) {
                double mid = (previous + t) / 2;
                sum += (t - previous) * Math.abs(a[(int) (mid * a.length)] - b[(int) (mid * b.length)]);
            }
            previous = t;
        }
        return sum;
    }

    @Test
    void theLaplacianPyramidAddsBackUpToTheImage() {
        int size = 32;
        float[] image = SlicedWasserstein.floats(discs(6, size).get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)));
        var levels = LaplacianPyramid.levels(image, 3, size);
        assertThat(levels).hasSize(2);
        float[] up = LaplacianPyramid.up(levels.get(1), 3, size / 2);
        for (int i = 0; i < image.length; i++) {
            assertThat(levels.get(0)[i] + up[i]).isCloseTo(image[i], within(1e-5f));
        }
        // a constant image keeps its value through the blur (the mirrored borders included)
        float[] flat = new float[3 * size * size];
        java.util.Arrays.fill(flat, 0.25f);
        for (float v : LaplacianPyramid.down(flat, 3, size)) {
            assertThat(v).isCloseTo(0.25f, within(1e-6f));
        }
    }
}
