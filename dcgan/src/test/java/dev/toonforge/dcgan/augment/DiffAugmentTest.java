package dev.toonforge.dcgan.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;

import dev.toonforge.dcgan.Augmentation;
import org.junit.jupiter.api.Test;

/**
 * DiffAugment's operations and their adjoints. An augmentation T is affine (brightness adds a constant), so its linear
 * part is L(x) = T(x) - T(0); the adjoint used for G's gradient must satisfy {@code <L x, g> = <x, L^T g>} for all x, g.
 */
class DiffAugmentTest {

    private static final int N = 5;
    private static final int SIZE = 16;
    private static final int LENGTH = N * 3 * SIZE * SIZE;

    private static float[] random(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[LENGTH];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(-1, 1);
        }
        return x;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    private static void assertAdjoint(Set<Augmentation> set, long seed) {
        DiffAugment.Draw draw = new DiffAugment(set).draw(new SplittableRandom(seed), N, SIZE);
        float[] x = random(seed + 1);
        float[] g = random(seed + 2);
        float[] t0 = draw.apply(new float[LENGTH]);
        float[] tx = draw.apply(x);
        float[] lx = new float[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            lx[i] = tx[i] - t0[i];
        }
        double left = dot(lx, g);
        double right = dot(x, draw.adjoint(g));
        assertThat(right).as("<L x, g> = <x, L^T g> for %s", set).isCloseTo(left, within(1e-4 * (1 + Math.abs(left))));
    }

    @Test
    void eachOperationsAdjointPassesTheDotProductTest() {
        for (long seed = 1; seed <= 5; seed++) {
            assertAdjoint(EnumSet.of(Augmentation.COLOR), seed * 10);
            assertAdjoint(EnumSet.of(Augmentation.TRANSLATION), seed * 10);
            assertAdjoint(EnumSet.of(Augmentation.CUTOUT), seed * 10);
            assertAdjoint(EnumSet.of(Augmentation.COLOR, Augmentation.TRANSLATION, Augmentation.CUTOUT), seed * 10);
        }
    }

    @Test
    void translationShiftsByAtMostAnEighthAndCutoutZeroesHalfTheSize() {
        float[] ones = new float[LENGTH];
        java.util.Arrays.fill(ones, 1f);
        int maxShift = (int) (SIZE * 0.125 + 0.5);
        for (long seed = 0; seed < 20; seed++) {
            float[] moved = new DiffAugment(EnumSet.of(Augmentation.TRANSLATION)).draw(new SplittableRandom(seed), N, SIZE)
                    .apply(ones);
            float[] cut = new DiffAugment(EnumSet.of(Augmentation.CUTOUT)).draw(new SplittableRandom(seed), N, SIZE)
                    .apply(ones);
            for (int i = 0; i < N; i++) {
                int kept = 0;
                int zeroed = 0;
                for (int k = i * 3 * SIZE * SIZE; k < (i + 1) * 3 * SIZE * SIZE; k++) {
                    kept += moved[k] == 1f ? 1 : 0;
                    zeroed += cut[k] == 0f ? 1 : 0;
                }
                // the shifted image keeps a (SIZE - |dy|) x (SIZE - |dx|) block of ones
                assertThat(kept).isGreaterThanOrEqualTo(3 * (SIZE - maxShift) * (SIZE - maxShift));
                // the square is SIZE/2 on a side, less what falls outside the image (at most half of each side)
                assertThat(zeroed).isBetween(3 * (SIZE / 4) * (SIZE / 4), 3 * (SIZE / 2) * (SIZE / 2));
            }
        }
    }

    @Test
    void colourChangesBrightnessSaturationAndContrastPerImage() {
        float[] x = random(3);
        float[] y = new DiffAugment(EnumSet.of(Augmentation.COLOR)).draw(new SplittableRandom(4), N, SIZE).apply(x);
        assertThat(y).isNotEqualTo(x);
        assertThat(x).isEqualTo(random(3));   // the input is left alone
    }

    @Test
    void withoutDifferentiableOperationsNothingIsDrawn() {
        DiffAugment flipOnly = new DiffAugment(EnumSet.of(Augmentation.FLIP));
        assertThat(flipOnly.active()).isFalse();
        SplittableRandom used = new SplittableRandom(8);
        flipOnly.draw(used, N, SIZE);
        assertThat(used.nextLong()).isEqualTo(new SplittableRandom(8).nextLong());
        float[] x = random(9);
        assertThat(flipOnly.draw(used, N, SIZE).apply(x)).isEqualTo(x);
    }
}
