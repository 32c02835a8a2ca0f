package dev.toonforge.dcgan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toonforge.dcgan.quality.QualityScore;
import org.junit.jupiter.api.Test;

/**
 * The quality probe's diversity ratio tells a collapsing run from a learning one early. tiny-32 at batch 64 on 300
 * cartoon faces: with the seed notebook's learning rates (D 4e-5, G 4e-4) G settles on nearly one image that D cannot
 * tell from the data; with Radford's (2e-4 for both) the samples spread out. After {@value #STEPS} steps the first run's
 * diversity ratio is below {@value #COLLAPSED}, the second's above it, each by a wide margin (both print their scores).
 */
class CollapseDetectionTest {

    static final int STEPS = 200;
    static final int FACES = 300;
    static final double COLLAPSED = 0.1;

    private static QualityScore train(double learningRateD, double learningRateG) {
        FaceTraining run = new FaceTraining(learningRateD, learningRateG, FACES);
        for (int k = 0; k < STEPS; k++) {
            run.step();
        }
        QualityScore score = run.score();
        System.out.printf("lrD %s lrG %s after %d steps: %s, %s%n", learningRateD, learningRateG, STEPS, run.last(), score);
        return score;
    }

    @Test
    void theSeedsLearningRatesCollapseAtThirtyTwoPixelsAndRadfordsDoNot() {
        QualityScore seedRates = train(4e-5, 4e-4);
        QualityScore radford = train(2e-4, 2e-4);

        assertThat(seedRates.diversity()).as("diversity with the seed's rates").isLessThan(COLLAPSED / 2);
        assertThat(radford.diversity()).as("diversity with Radford's rates").isGreaterThan(2 * COLLAPSED);
    }
}
