package dev.toonforge.dcgan.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.LongStream;

import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.DcganInternals;
import dev.toonforge.dcgan.Discs;
import dev.toonforge.dcgan.Generator;
import dev.toonforge.dcgan.NoiseSource;
import dev.toonforge.dcgan.cpu.NetworkFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The probe scores a generator against fixed real images; a collapsed one shows as diversity near 0. */
class QualityProbeTest {

    private static final DcganConfig CONFIG = DcganConfig.forPreset("tiny-32");
    private static final INDArray REAL = Discs.batch(new SplittableRandom(11), 256, 32);
    private static final INDArray LATENTS = new NoiseSource(CONFIG.noiseSize(), CONFIG.noiseDistribution())
            .forSeeds(LongStream.range(0, 256).toArray());

    /**
     * G at its random initial weights, the first and last layers scaled up: in inference mode (batch-norm running
     * statistics at their start values) the untrained G's images are almost a flat grey; scaled, they vary with z.
     */
    private static Generator varied() {
        MultiLayerNetwork network = NetworkFactory.generator(CONFIG, 3, DataType.FLOAT);
        network.getLayer(0).getParam("W").muli(100);
        int last = network.getnLayers() - 1;
        while (!network.getLayer(last).paramTable().containsKey("W")) {
            last--;
        }
        network.getLayer(last).getParam("W").muli(100);
        return DcganInternals.generator(CONFIG, network, 0);
    }

    /** G whose first layer ignores z: every latent gives the same image. */
    private static Generator collapsed() {
        MultiLayerNetwork network = NetworkFactory.generator(CONFIG, 3, DataType.FLOAT);
        network.getLayer(0).getParam("W").assign(0);
        return DcganInternals.generator(CONFIG, network, 0);
    }

    @Test
    void aCollapsedGeneratorHasDiversityNearZeroAndAVariedOneDoesNot() {
        QualityProbe probe = new QualityProbe(REAL, LATENTS, 5);
        QualityScore collapsed = probe.evaluate(collapsed());
        QualityScore varied = probe.evaluate(varied());

        System.out.println("collapsed " + collapsed + "\nvaried " + varied);
        assertThat(collapsed.diversity()).isLessThan(0.01);
        assertThat(varied.diversity()).isGreaterThan(0.05);
        assertThat(collapsed.levelSizes()).containsExactly(32, 16);
        assertThat(varied.swd()).isPositive();
    }

    @Test
    void scoresAreRepeatableForAFixedSeed() {
        QualityScore once = new QualityProbe(REAL, LATENTS, 5).evaluate(varied());
        QualityScore again = new QualityProbe(REAL, LATENTS, 5).evaluate(varied());
        assertThat(again).isEqualTo(once);
    }

    @Test
    void theRealSetScoresAsDiverseAsItself() {
        // a "generator" that returns data of the same kind: diversity about 1
        QualityProbe probe = new QualityProbe(REAL, LATENTS, 5);
        double ratio = Diversity.meanPairwiseDistance(
                Diversity.thumbnails(SlicedWasserstein.floats(Discs.batch(new SplittableRandom(12), 256, 32)), 256, 32),
                256, Diversity.thumbnailLength(32))
                / Diversity.meanPairwiseDistance(Diversity.thumbnails(SlicedWasserstein.floats(REAL), 256, 32), 256,
                Diversity.thumbnailLength(32));
        assertThat(ratio).isBetween(0.9, 1.1);
        assertThat(probe.sampleCount()).isEqualTo(256);
    }

    @Test
    void aGeneratorOfAnotherSizeIsRefused() {
        QualityProbe probe = new QualityProbe(REAL, LATENTS, 5);
        DcganConfig other = DcganConfig.forPreset("dcgan-64");
        Generator big = DcganInternals.generator(other, NetworkFactory.generator(other, 1, DataType.FLOAT), 0);
        assertThatThrownBy(() -> probe.evaluate(big)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 px").hasMessageContaining("64 px");
    }
}
