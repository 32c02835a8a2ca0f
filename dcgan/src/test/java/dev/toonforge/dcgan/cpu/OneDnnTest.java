package dev.toonforge.dcgan.cpu;

import static dev.toonforge.dcgan.DcganInternals.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import java.util.function.Supplier;

import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.DcganInternals;
import dev.toonforge.dcgan.Discs;
import dev.toonforge.dcgan.backend.NativeBackend;
import org.assertj.core.data.Offset;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The oneDNN path that {@link NativeBackend} switches on: it is really taken on the CPU, and one step computes what
 * the built-in code computes (same losses, same gradients, same batch-norm statistics, up to float rounding).
 */
class OneDnnTest {

    private static final int BATCH = 8;
    private static final double MAX_RELATIVE_DIFFERENCE = 1e-3;

    private final DcganConfig config = DcganConfig.forPreset("tiny-32").withBatchSize(BATCH)
            .withInstanceNoiseStd(0).withRandomFlip(false);
    private final INDArray real = Discs.batch(new SplittableRandom(5), BATCH, 32);

    @AfterEach
    void restoreDefaults() {
        Nd4j.getEnvironment().allowHelpers(true);
        System.setProperty(NativeBackend.HELPERS_DISABLED, "false");
    }

    @Test
    void convolutionsRunOnOneDnnAndBatchNormsAreFused() {
        Dcgan gan = Dcgan.create(config, 1);
        assumeTrue("CPU".equalsIgnoreCase(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend")),
                "oneDNN is the CPU backend's; CUDA builds use their own kernels");

        assertThat(NativeBackend.describe()).isEqualTo("CPU with oneDNN, layer helpers on");
        int convolutions = 0;
        int batchNorms = 0;
        for (Layer layer : discriminatorNetwork(gan).getLayers()) {
            if (layer instanceof ConvolutionLayer conv) {
                assertThat(conv.getHelper()).isInstanceOf(MKLDNNConvHelper.class);
                convolutions++;
            }
            if (layer instanceof BatchNormalization) {
                // batch norm + LeakyReLU in one layer of our own (NormActivationTest), not DL4J's oneDNN helper
                assertThat(layer).isInstanceOf(NormActivation.Layer.class);
                batchNorms++;
            }
        }
        assertThat(convolutions).isPositive();
        assertThat(batchNorms).isPositive();
    }

    @Test
    void oneStepMatchesTheBuiltInCode() {
        Step builtIn = withOneDnn(false, this::firstStep);
        Step oneDnn = withOneDnn(true, this::firstStep);
        assertThat(builtIn.oneDnnConvolutions).as("the reference really runs without oneDNN").isFalse();
        assertThat(oneDnn.oneDnnConvolutions).isTrue();

        assertClose("G(z)", oneDnn.fake, builtIn.fake);
        assertThat(oneDnn.discriminatorLoss).isCloseTo(builtIn.discriminatorLoss, relativeTo(builtIn.discriminatorLoss));
        assertClose("D's gradient", oneDnn.discriminatorGradient, builtIn.discriminatorGradient);
        assertClose("G's gradient", oneDnn.generatorGradient, builtIn.generatorGradient);
        assertClose("D after the step (weights and batch-norm statistics)", oneDnn.discriminatorAfter,
                builtIn.discriminatorAfter);
    }

    private record Step(boolean oneDnnConvolutions, INDArray fake, double discriminatorLoss, INDArray discriminatorGradient,
                        INDArray generatorGradient, INDArray discriminatorAfter) {
    }

    /** The parts of {@link Dcgan#trainStep}, kept apart so each can be compared. */
    private Step firstStep() {
        Dcgan gan = Dcgan.create(config, 7);
        INDArray fake = forwardGenerator(gan, gan.noise().forSeeds(1, 2, 3, 4, 5, 6, 7, 8)).dup();
        DcganInternals.DiscriminatorPass d = discriminatorGradient(gan, real, fake);
        INDArray discriminatorGradient = d.gradient().gradient().dup();
        INDArray generatorGradient = generatorGradient(gan, fake).gradient().dup();
        gan.trainStep(real);
        boolean oneDnnConvolutions = discriminatorNetwork(gan).getLayer(0) instanceof ConvolutionLayer conv
                && conv.getHelper() instanceof MKLDNNConvHelper;
        return new Step(oneDnnConvolutions, fake, d.loss(), discriminatorGradient, generatorGradient,
                discriminatorNetwork(gan).params().dup());
    }

    /** Builds and runs with DL4J's oneDNN layer helpers and libnd4j's oneDNN ops both on, or both off. */
    private static <T> T withOneDnn(boolean on, Supplier<T> work) {
        System.setProperty(NativeBackend.HELPERS_DISABLED, Boolean.toString(!on));
        Nd4j.getEnvironment().allowHelpers(on);
        return work.get();
    }

    private static Offset<Double> relativeTo(double reference) {
        return within(Math.abs(reference) * MAX_RELATIVE_DIFFERENCE);
    }

    private static void assertClose(String what, INDArray actual, INDArray expected) {
        double difference = actual.sub(expected).norm2Number().doubleValue();
        double scale = expected.norm2Number().doubleValue();
        assertThat(difference / scale).as("%s: relative L2 difference between oneDNN and built-in", what)
                .isLessThan(MAX_RELATIVE_DIFFERENCE);
    }
}
