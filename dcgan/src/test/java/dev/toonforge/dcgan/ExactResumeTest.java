package dev.toonforge.dcgan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.EnumSet;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class ExactResumeTest {

    private static final int N = 3;
    private static final int M = 3;
    private static final int BATCH = 8;

    /** The same real batches in every run: batch k depends only on k. */
    private static INDArray batch(int k) {
        return Discs.batch(new SplittableRandom(1000 + k), BATCH, 32);
    }

    @Test
    void savingAfterNStepsAndLoadingThenMStepsEqualsNPlusMStepsWithoutSaving() throws IOException {
        resumesExactly(DcganConfig.forPreset("tiny-32").withBatchSize(BATCH).withDiscriminatorSteps(2));
    }

    @Test
    void resumingIsExactWithTheMovingAverageAndEveryAugmentationOn() throws IOException {
        Dcgan resumed = resumesExactly(DcganConfig.forPreset("tiny-32").withBatchSize(BATCH).withDiscriminatorSteps(2)
                .withEmaDecay(0.999).withAugment(EnumSet.allOf(Augmentation.class)));
        assertThat(resumed.hasEma()).isTrue();
        assertThat(resumed.config().augment()).hasSize(4);
    }

    private static Dcgan resumesExactly(DcganConfig config) throws IOException {
        Dcgan straight = Dcgan.create(config, 42);
        for (int k = 0; k < N + M; k++) {
            straight.trainStep(batch(k));
        }

        Dcgan first = Dcgan.create(config, 42);
        for (int k = 0; k < N; k++) {
            first.trainStep(batch(k));
        }
        first.setEpoch(7);
        ByteArrayOutputStream checkpoint = new ByteArrayOutputStream();
        first.save(checkpoint);
        Dcgan resumed = Dcgan.load(new ByteArrayInputStream(checkpoint.toByteArray()));
        assertThat(resumed.step()).isEqualTo(N);
        assertThat(resumed.epoch()).isEqualTo(7);
        assertThat(resumed.config()).isEqualTo(config);
        StepResult last = null;
        for (int k = N; k < N + M; k++) {
            last = resumed.trainStep(batch(k));
        }

        assertThat(last.step()).isEqualTo(N + M);
        assertThat(resumed.generatorNetwork().params()).isEqualTo(straight.generatorNetwork().params());
        assertThat(resumed.discriminatorNetwork().params()).isEqualTo(straight.discriminatorNetwork().params());
        assertThat(resumed.generatorNetwork().getUpdater().getStateViewArray())
                .isEqualTo(straight.generatorNetwork().getUpdater().getStateViewArray());
        assertThat(resumed.discriminatorNetwork().getUpdater().getStateViewArray())
                .isEqualTo(straight.discriminatorNetwork().getUpdater().getStateViewArray());
        // and training really moved the weights, so the equality above is not trivial
        assertThat(straight.generatorNetwork().params()).isNotEqualTo(Dcgan.create(config, 42).generatorNetwork().params());
        assertThat(resumed.averageParams()).isEqualTo(straight.averageParams());
        if (config.ema()) {
            assertThat(straight.averageParams()).isNotEqualTo(Dcgan.create(config, 42).averageParams());
        }
        return resumed;
    }

    @Test
    void differentSeedsGiveDifferentRuns() {
        DcganConfig config = DcganConfig.forPreset("tiny-32").withBatchSize(BATCH);
        Dcgan a = Dcgan.create(config, 1);
        Dcgan b = Dcgan.create(config, 2);
        a.trainStep(batch(0));
        b.trainStep(batch(0));
        assertThat(a.generatorNetwork().params()).isNotEqualTo(b.generatorNetwork().params());
    }
}
