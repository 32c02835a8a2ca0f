package dev.toonforge.gallery.service;

import dev.toonforge.contracts.storage.MetricPoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LossCurvesTest {

    @Test
    void averagesStepsIntoBucketsPlottedAtTheirLastStepAndEpochsIntoMeans() {
        LossCurves curves = new LossCurves();
        for (int step = 10; step >= 1; step--) {
            curves.add(new MetricPoint(step, step <= 5 ? 1 : 2, step, 2 * step, 0.5, 0.5, step));
        }
        LossCurves.Curves built = curves.build(4);
        assertThat(built.points()).isEqualTo(10);
        // 10 points into at most 4 buckets: 3 per bucket, the last one shorter.
        assertThat(built.steps().x()).containsExactly(3L, 6L, 9L, 10L);
        assertThat(built.steps().d()).containsExactly(2.0, 5.0, 8.0, 10.0);
        assertThat(built.steps().g()).containsExactly(4.0, 10.0, 16.0, 20.0);
        assertThat(built.epochs().x()).containsExactly(1L, 2L);
        assertThat(built.epochs().d()).containsExactly(3.0, 8.0);
    }

    @Test
    void aDivergedStepIsAGapNotAnError() {
        LossCurves curves = new LossCurves();
        curves.add(new MetricPoint(1, 1, Double.NaN, Double.POSITIVE_INFINITY, 0, 0, 0));
        LossCurves.Curves built = curves.build(100);
        assertThat(built.steps().d()).containsExactly((Double) null);
        assertThat(built.steps().g()).containsExactly((Double) null);
    }

    @Test
    void noMetricsGiveEmptySeries() {
        LossCurves.Curves built = new LossCurves().build(100);
        assertThat(built.points()).isZero();
        assertThat(built.steps().x()).isEmpty();
        assertThat(built.epochs().x()).isEmpty();
    }
}
