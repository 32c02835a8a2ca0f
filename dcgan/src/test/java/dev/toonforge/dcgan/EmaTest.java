package dev.toonforge.dcgan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The moving average of G's weights: what it holds, what samples from it, how it is saved and fine-tuned. */
class EmaTest {

    private static final int BATCH = 8;
    private static final DcganConfig CONFIG = DcganConfig.forPreset("tiny-32").withBatchSize(BATCH).withEmaDecay(0.99);

    private static INDArray batch(int k) {
        return Discs.batch(new SplittableRandom(3000 + k), BATCH, 32);
    }

    private static double[] values(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup().data().asDouble();
    }

    @Test
    void theAverageIsTheWarmedUpExponentialAverageOfGsWeightsAfterEachUpdate() {
        Dcgan gan = Dcgan.create(CONFIG, 8);
        double[] expected = values(gan.generatorNetwork().params());
        assertThat(values(gan.averageParams())).containsExactly(expected);
        for (int k = 0; k < 4; k++) {
            gan.trainStep(batch(k));
            double d = Math.min(0.99, (1.0 + k) / (10.0 + k));
            double[] g = values(gan.generatorNetwork().params());
            for (int i = 0; i < expected.length; i++) {
                expected[i] = d * expected[i] + (1 - d) * g[i];
            }
        }
        double[] actual = values(gan.averageParams());
        double[] trained = values(gan.generatorNetwork().params());
        double largestGap = 0;
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("average[%d]", i).isCloseTo(expected[i], within(1e-5 + 1e-5 * Math.abs(expected[i])));
            largestGap = Math.max(largestGap, Math.abs(actual[i] - trained[i]));
        }
        assertThat(largestGap).as("the average differs from G itself").isGreaterThan(1e-4);
    }

    @Test
    void samplesComeFromTheAverageAndFollowTraining() {
        Dcgan gan = Dcgan.create(CONFIG, 8);
        assertThat(gan.hasEma()).isTrue();
        assertThat(gan.generator()).isNotSameAs(gan.trainedGenerator());
        INDArray z = gan.noise().forSeeds(1, 2, 3);
        gan.trainStep(batch(0));
        INDArray afterOne = gan.generate(z).dup();
        gan.trainStep(batch(1));
        INDArray afterTwo = gan.generate(z);

        assertThat(afterTwo).isNotEqualTo(afterOne);   // the oneDNN pass was folded again from the new average
        INDArray fromAverage = DcganInternals.generateWithDl4j(gan.generator(), z);
        assertThat(afterTwo.equalsWithEps(fromAverage, 1e-4)).isTrue();
        assertThat(afterTwo.equalsWithEps(gan.trainedGenerator().generate(z), 1e-4)).isFalse();
    }

    @Test
    void withoutEmaTheGeneratorIsGItselfAndTrainingIsTheSameEitherWay() {
        DcganConfig off = CONFIG.withEmaDecay(0);
        Dcgan plain = Dcgan.create(off, 8);
        Dcgan averaged = Dcgan.create(CONFIG, 8);
        for (int k = 0; k < 3; k++) {
            plain.trainStep(batch(k));
            averaged.trainStep(batch(k));
        }
        assertThat(plain.hasEma()).isFalse();
        assertThat(plain.generator()).isSameAs(plain.trainedGenerator());
        assertThat(plain.averageParams()).isNull();
        assertThat(averaged.generatorNetwork().params()).isEqualTo(plain.generatorNetwork().params());
        assertThat(averaged.discriminatorNetwork().params()).isEqualTo(plain.discriminatorNetwork().params());
    }

    @Test
    void theCheckpointAndTheExportCarryTheAverage() throws IOException {
        Dcgan gan = Dcgan.create(CONFIG, 8);
        for (int k = 0; k < 3; k++) {
            gan.trainStep(batch(k));
        }
        Dcgan loaded = CheckpointFile.readState(new ByteArrayInputStream(CheckpointFile.write(gan)));
        assertThat(loaded.config().emaDecay()).isEqualTo(0.99);
        assertThat(loaded.averageParams()).isEqualTo(gan.averageParams());

        ByteArrayOutputStream export = new ByteArrayOutputStream();
        gan.exportGenerator(export);
        Generator exported = Generator.load(new ByteArrayInputStream(export.toByteArray()));
        INDArray z = gan.noise().forSeeds(4, 5);
        assertThat(exported.generate(z).equalsWithEps(gan.generate(z), 1e-5)).isTrue();
    }

    @Test
    void fineTuningStartsTheAverageFromTheSourcesAverageOrElseItsG() {
        Dcgan withAverage = Dcgan.create(CONFIG, 8);
        Dcgan without = Dcgan.create(CONFIG.withEmaDecay(0), 8);
        for (int k = 0; k < 2; k++) {
            withAverage.trainStep(batch(k));
            without.trainStep(batch(k));
        }
        assertThat(Dcgan.fineTune(CONFIG, 1, withAverage, false).averageParams()).isEqualTo(withAverage.averageParams());
        assertThat(Dcgan.fineTune(CONFIG, 1, without, false).averageParams())
                .isEqualTo(without.generatorNetwork().params());
    }
}
