package dev.toonforge.dcgan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class GeneratorExportTest {

    @Test
    void exportedGeneratorGivesIdenticalImagesForIdenticalZ() throws IOException {
        Dcgan gan = Dcgan.create(DcganConfig.forPreset("tiny-32").withBatchSize(8), 5);
        SplittableRandom random = new SplittableRandom(9);
        for (int k = 0; k < 3; k++) {
            gan.trainStep(Discs.batch(random, 8, 32));
        }
        ByteArrayOutputStream export = new ByteArrayOutputStream();
        gan.exportGenerator(export);
        ByteArrayOutputStream checkpoint = new ByteArrayOutputStream();
        gan.save(checkpoint);

        Generator loaded = Generator.load(new ByteArrayInputStream(export.toByteArray()));

        assertThat(loaded.imageSize()).isEqualTo(32);
        assertThat(loaded.noiseSize()).isEqualTo(100);
        assertThat(loaded.step()).isEqualTo(3);
        INDArray z = gan.noise().forSeeds(1, 2, 3, 4);
        INDArray expected = gan.generate(z);
        assertThat(loaded.generate(z)).isEqualTo(expected);
        assertThat(loaded.generatePixels(z).minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(loaded.generatePixels(z).maxNumber().doubleValue()).isLessThanOrEqualTo(255.0);
        assertPixelsEqual(loaded.generate(11L, 12L), gan.generator().generate(11L, 12L));
        // no D and no optimizer state: much smaller than the checkpoint
        assertThat(export.size()).isLessThan(checkpoint.size() / 3);
    }

    @Test
    void aSeedGivesTheSameNoiseEveryTimeAndDifferentSeedsDiffer() {
        NoiseSource noise = new NoiseSource(100, DcganConfig.NoiseDistribution.UNIFORM);
        assertThat(noise.vector(77)).containsExactly(new NoiseSource(100, DcganConfig.NoiseDistribution.UNIFORM).vector(77));
        assertThat(noise.vector(77)).isNotEqualTo(noise.vector(78));
        for (float v : noise.vector(77)) {
            assertThat(v).isBetween(-1f, 1f);
        }
        assertThat(noise.forSeeds(5, 77).getRow(1).toFloatVector()).containsExactly(noise.vector(77));
    }

    @Test
    void aCheckpointIsNotAGeneratorExport() throws IOException {
        Dcgan gan = Dcgan.create(DcganConfig.forPreset("tiny-32"), 5);
        ByteArrayOutputStream checkpoint = new ByteArrayOutputStream();
        gan.save(checkpoint);
        assertThatThrownBy(() -> Generator.load(new ByteArrayInputStream(checkpoint.toByteArray())))
                .isInstanceOf(IOException.class).hasMessageContaining("not a generator export");
    }

    private static void assertPixelsEqual(BufferedImage[] actual, BufferedImage[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            int w = expected[i].getWidth();
            int h = expected[i].getHeight();
            assertThat(actual[i].getRGB(0, 0, w, h, null, 0, w)).containsExactly(expected[i].getRGB(0, 0, w, h, null, 0, w));
        }
    }
}
