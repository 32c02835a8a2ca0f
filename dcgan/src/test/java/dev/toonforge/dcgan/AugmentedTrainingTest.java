package dev.toonforge.dcgan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Training with DiffAugment: it changes what D sees, stays finite, and is repeatable. */
class AugmentedTrainingTest {

    private static final int BATCH = 8;

    private static Dcgan trained(DcganConfig config) {
        Dcgan gan = Dcgan.create(config, 21);
        SplittableRandom batches = new SplittableRandom(5);
        for (int k = 0; k < 3; k++) {
            StepResult r = gan.trainStep(Discs.batch(batches, BATCH, 32));
            assertThat(r.discriminatorLoss()).isFinite();
            assertThat(r.generatorLoss()).isFinite();
        }
        return gan;
    }

    @Test
    void eachAugmentationChangesTrainingAndTheSameConfigRepeatsBitForBit() {
        DcganConfig plain = DcganConfig.forPreset("tiny-32").withBatchSize(BATCH);
        INDArray withoutAugmentation = trained(plain).generatorNetwork().params();
        for (Augmentation a : EnumSet.of(Augmentation.TRANSLATION, Augmentation.COLOR, Augmentation.CUTOUT)) {
            DcganConfig config = plain.withAugment(EnumSet.of(Augmentation.FLIP, a));
            INDArray once = trained(config).generatorNetwork().params();
            assertThat(once).as(a.id()).isNotEqualTo(withoutAugmentation);
            assertThat(trained(config).generatorNetwork().params()).as(a.id()).isEqualTo(once);
        }
    }
}
