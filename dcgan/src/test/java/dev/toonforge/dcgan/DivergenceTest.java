package dev.toonforge.dcgan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A step whose loss or weights are not finite stops training with {@link TrainingDivergedException}. */
class DivergenceTest {

    private static final int BATCH = 8;

    @Test
    void aBatchWithNaNStopsTrainingAtThatStep() {
        Dcgan gan = Dcgan.create(DcganConfig.forPreset("tiny-32").withBatchSize(BATCH), 3);
        gan.trainStep(Discs.batch(new SplittableRandom(1), BATCH, 32));
        INDArray poisoned = Discs.batch(new SplittableRandom(2), BATCH, 32);
        poisoned.putScalar(new long[] {0, 1, 5, 5}, Float.NaN);

        assertThatThrownBy(() -> gan.trainStep(poisoned))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("step 2")
                .hasMessageContaining("the discriminator's loss is NaN");
    }

    @Test
    void anAbsurdLearningRateIsCaughtBeforeTheWeightsAreUsedAgain() {
        Dcgan gan = Dcgan.create(DcganConfig.forPreset("tiny-32").withBatchSize(BATCH).withLearningRates(1e38, 1e38), 3);
        SplittableRandom batches = new SplittableRandom(4);
        TrainingDivergedException e = catchThrowableOfType(() -> {
            for (int k = 0; k < 20; k++) {
                gan.trainStep(Discs.batch(batches, BATCH, 32));
            }
        }, TrainingDivergedException.class);

        assertThat(e).as("training with a learning rate of 1e38 diverges").isNotNull();
        assertThat(e.getMessage()).containsPattern("(loss is (NaN|-?Infinity)|weights are not all finite)");
        assertThat(e.step()).isBetween(1L, 20L);
        System.out.println(e.getMessage());
    }
}
