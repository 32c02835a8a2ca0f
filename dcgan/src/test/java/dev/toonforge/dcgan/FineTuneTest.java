package dev.toonforge.dcgan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link Dcgan#fineTune}: weights (and optionally Adam state) from another GAN; configuration, seed and counters its own. */
class FineTuneTest {

    private static final int BATCH = 8;

    private static INDArray batch(int k) {
        return Discs.batch(new SplittableRandom(2000 + k), BATCH, 32);
    }

    private static Dcgan trainedSource() throws IOException {
        Dcgan source = Dcgan.create(DcganConfig.forPreset("tiny-32").withBatchSize(BATCH), 5);
        for (int k = 0; k < 3; k++) {
            source.trainStep(batch(k));
        }
        source.setEpoch(4);
        // as the trainer gets it: through a checkpoint file
        return CheckpointFile.readState(new ByteArrayInputStream(CheckpointFile.write(source)));
    }

    @Test
    void aFineTunedGanHasTheSourceWeightsAndItsOwnConfigSeedAndCounters() throws IOException {
        Dcgan source = trainedSource();
        DcganConfig own = DcganConfig.forPreset("tiny-32").withBatchSize(4);

        Dcgan tuned = Dcgan.fineTune(own, 77, source, false);

        assertThat(tuned.config()).isEqualTo(own);
        assertThat(tuned.seed()).isEqualTo(77);
        assertThat(tuned.step()).isZero();
        assertThat(tuned.epoch()).isZero();
        assertThat(tuned.generatorNetwork().params()).isEqualTo(source.generatorNetwork().params());
        assertThat(tuned.discriminatorNetwork().params()).isEqualTo(source.discriminatorNetwork().params());
        assertThat(tuned.generatorNetwork().params()).isNotEqualTo(Dcgan.create(own, 77).generatorNetwork().params());
        INDArray z = tuned.noise().forSeeds(new long[] {1, 2, 3});
        assertThat(tuned.generate(z)).isEqualTo(source.generate(z));
        // fresh optimizer state: Adam's moments start at zero, as in a new GAN
        assertThat(tuned.generatorNetwork().getUpdater().getStateViewArray().sumNumber().doubleValue()).isZero();
        assertThat(tuned.discriminatorNetwork().getUpdater().getStateViewArray().sumNumber().doubleValue()).isZero();
        // and the copy is a copy: training the new GAN leaves the source alone
        INDArray before = source.generatorNetwork().params().dup();
        tuned.trainStep(Discs.batch(new SplittableRandom(9), 4, 32));
        assertThat(source.generatorNetwork().params()).isEqualTo(before);
        assertThat(tuned.step()).isEqualTo(1);
    }

    @Test
    void carryCopiesTheOptimizerState() throws IOException {
        Dcgan source = trainedSource();

        Dcgan tuned = Dcgan.fineTune(source.config(), 77, source, true);

        assertThat(tuned.generatorNetwork().getUpdater().getStateViewArray())
                .isEqualTo(source.generatorNetwork().getUpdater().getStateViewArray());
        assertThat(tuned.discriminatorNetwork().getUpdater().getStateViewArray())
                .isEqualTo(source.discriminatorNetwork().getUpdater().getStateViewArray());
        assertThat(tuned.generatorNetwork().getUpdater().getStateViewArray().sumNumber().doubleValue()).isNotZero();
        assertThat(tuned.step()).isZero();
    }

    @Test
    void anotherPresetIsRefused() throws IOException {
        Dcgan source = trainedSource();

        assertThatThrownBy(() -> Dcgan.fineTune(DcganConfig.forPreset("dcgan-64"), 1, source, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dcgan-64").hasMessageContaining("tiny-32");
    }
}
