package dev.toonforge.dcgan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Convolutions trained through {@link OneDnnConvolution} compute what DL4J's convolutions compute: D's output, every
 * parameter gradient and the input gradient, for dcgan-64 (explicit padding, no bias) and seed-128 ("same" padding
 * with one more row at the bottom, biases); and with the first layer's input gradient skipped, the same parameter
 * gradients and no input gradient.
 */
class OneDnnConvolutionTest {

    private static final double MAX_RELATIVE_DIFFERENCE = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {"dcgan-64", "seed-128"})
    void discriminatorPassMatchesDl4jsConvolutions(String preset) {
        DcganConfig config = DcganConfig.forPreset(preset);
        int size = config.imageSize();
        Adam adam = new Adam(2e-4, 0.5, 0.999, 1e-8);
        InputType images = InputType.convolutional(size, size, 3);
        MultiLayerNetwork ours = NetworkFactory.build(config.preset().discriminator(), images, adam, 4, DataType.FLOAT,
                new NetworkFactory.Layers(true, true, true));
        MultiLayerNetwork dl4j = NetworkFactory.build(config.preset().discriminator(), images, adam, 4, DataType.FLOAT,
                new NetworkFactory.Layers(true, true, false));
        Nd4j.getRandom().setSeed(41);
        ours.params().assign(Nd4j.randn(DataType.FLOAT, ours.params().shape()).muli(0.05));   // biases too
        dl4j.params().assign(ours.params());
        INDArray input = Nd4j.rand(DataType.FLOAT, 3, 3, size, size).muli(2).subi(1);

        TrainingPass a = TrainingPass.run(ours, input, 19);
        TrainingPass b = TrainingPass.run(dl4j, input, 19);

        assertClose("output", a.output(), b.output());
        assertClose("parameter gradient", a.parameterGradient(), b.parameterGradient());
        assertClose("input gradient", a.inputGradient(), b.inputGradient());
        long direct = Arrays.stream(ours.getLayers()).filter(ReusedForward.ConvolutionImpl.class::isInstance)
                .mapToLong(l -> ((ReusedForward.ConvolutionImpl) l).oneDnnForwardPasses()).sum();
        assertThat(direct).as("convolution passes through oneDNN").isEqualTo(config.preset().discriminator().stream()
                .filter(s -> s instanceof LayerSpec.Conv).count());
        assertThat(Arrays.stream(dl4j.getLayers()).filter(ReusedForward.ConvolutionImpl.class::isInstance)
                .mapToLong(l -> ((ReusedForward.ConvolutionImpl) l).oneDnnForwardPasses()).sum()).isZero();

        // D on real images: the first layer skips its input gradient, the parameter gradients stay the same
        ours.setInput(input);
        INDArray out = ours.feedForward(true, false).get(ours.getnLayers());
        Nd4j.getRandom().setSeed(19);
        INDArray epsilon = Nd4j.rand(DataType.FLOAT, out.shape()).subi(0.5);
        ReusedForward.noInputGradient(ours, true);
        Pair<Gradient, INDArray> skipped;
        try {
            skipped = ours.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        } finally {
            ReusedForward.noInputGradient(ours, false);
        }
        assertThat(skipped.getSecond()).isNull();
        assertClose("parameter gradient without the input gradient", skipped.getFirst().gradient(),
                a.parameterGradient());
    }

    /**
     * Against double precision (DL4J's built-in code), our single-precision gradient is within float rounding. DL4J's
     * own single-precision convolutions were 2e-3 away here (docs/benchmarks.md), so this is the stricter reference.
     */
    @Test
    void discriminatorGradientMatchesDoublePrecision() {
        Adam adam = new Adam(2e-4, 0.5, 0.999, 1e-8);
        InputType images = InputType.convolutional(64, 64, 3);
        List<LayerSpec> d = Preset.DCGAN_64.discriminator();
        MultiLayerNetwork exact = NetworkFactory.build(d, images, adam, 5, DataType.DOUBLE, NetworkFactory.Layers.DL4J);
        MultiLayerNetwork ours = NetworkFactory.build(d, images, adam, 5, DataType.FLOAT, NetworkFactory.Layers.FAST);
        ours.params().assign(exact.params().castTo(DataType.FLOAT));
        Nd4j.getRandom().setSeed(21);
        INDArray input = Nd4j.rand(DataType.FLOAT, 8, 3, 64, 64).muli(2).subi(1);
        INDArray epsilon = Nd4j.rand(DataType.FLOAT, 8, 1).subi(0.5);

        INDArray reference = gradient(exact, input.castTo(DataType.DOUBLE), epsilon.castTo(DataType.DOUBLE));
        INDArray single = gradient(ours, input, epsilon).castTo(DataType.DOUBLE);

        assertClose("parameter gradient against double precision", single, reference);
    }

    private static INDArray gradient(MultiLayerNetwork net, INDArray input, INDArray epsilon) {
        net.setInput(input);
        net.feedForward(true, false);
        return net.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces()).getFirst().gradient().dup();
    }

    private static void assertClose(String what, INDArray actual, INDArray expected) {
        double difference = actual.sub(expected).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
        assertThat(difference).as("relative difference of the %s", what).isLessThan(MAX_RELATIVE_DIFFERENCE);
        assertThat(expected.norm2Number().doubleValue()).as(what).isPositive();
    }
}
