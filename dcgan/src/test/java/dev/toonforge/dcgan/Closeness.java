package dev.toonforge.dcgan;

import static org.assertj.core.api.Assertions.assertThat;

import org.nd4j.linalg.api.ndarray.INDArray;

/** "The same up to float rounding" for arrays: relative L2 difference, for the tests that compare two computations. */
public final class Closeness {

    private Closeness() {
    }

    /** |actual - expected| / |expected|, L2 norms. */
    public static double relativeDifference(INDArray actual, INDArray expected) {
        return actual.sub(expected).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
    }

    /** Same shape, {@code expected} not all zeros, and a relative L2 difference below {@code max}. */
    public static void assertClose(String what, INDArray actual, INDArray expected, double max) {
        assertThat(actual.shape()).as(what + " shape").isEqualTo(expected.shape());
        assertThat(expected.norm2Number().doubleValue()).as(what + " is not all zeros").isPositive();
        assertThat(relativeDifference(actual, expected)).as("%s: relative L2 difference", what).isLessThan(max);
    }
}
