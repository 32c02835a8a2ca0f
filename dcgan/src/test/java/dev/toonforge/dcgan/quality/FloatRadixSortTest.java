package dev.toonforge.dcgan.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class FloatRadixSortTest {

    @Test
    void sortsLikeArraysSortIncludingNegativesZerosAndExtremes() {
        SplittableRandom r = new SplittableRandom(1);
        float[] values = new float[10_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(-30, 30)));
        }
        values[0] = -0f;
        values[1] = 0f;
        values[2] = Float.NEGATIVE_INFINITY;
        values[3] = Float.MAX_VALUE;
        values[4] = -Float.MIN_VALUE;
        float[] expected = values.clone();
        Arrays.sort(expected);
        FloatRadixSort.sort(values);
        assertThat(values).containsExactly(expected);
    }
}
