package dev.toonforge.dcgan.cpu;


import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

import dev.toonforge.dcgan.Closeness;
import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.LayerSpec;
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
 * Convolutions trained through {@link OneDnnConvolution} compute what DL4J's convolutions compute, for dcgan-64's
 * discriminator (explicit padding, no bias) and seed-128's ("same" padding with one more row at the bottom, biases):
 * the output, every parameter gradient and the input gradient; with the first layer's input gradient skipped (D's
 * step), the same parameter gradients; with the input gradient alone (G's step through D), the same input gradient.
 * The generators' transposed convolutions likewise (dcgan-64: explicit padding; seed-128: padding plus a crop, biases).
 */
class OneDnnConvolutionTest {

    private static final double MAX_RELATIVE_DIFFERENCE = 1e-5;
    private static final Adam ADAM = new Adam(2e-4, 0.5, 0.999, 1e-8);
    private static final NetworkFactory.Layers WITHOUT = new NetworkFactory.Layers(true, true, false);

    @ParameterizedTest
    @ValueSource(strings = {"dcgan-64", "seed-128"})
    void discriminatorPassMatchesDl4jsConvolutions(String preset) {
        DcganConfig config = DcganConfig.forPreset(preset);
        MultiLayerNetwork ours = discriminator(config, NetworkFactory.Layers.FAST, DataType.FLOAT);
        MultiLayerNetwork dl4j = discriminator(config, WITHOUT, DataType.FLOAT);
        Nd4j.getRandom().setSeed(41);
        ours.params().assign(Nd4j.randn(DataType.FLOAT, ours.params().shape()).muli(0.05));   // biases too
        dl4j.params().assign(ours.params());
        INDArray input = images(config, 41);

        TrainingPass a = TrainingPass.run(ours, input, 19);
        TrainingPass b = TrainingPass.run(dl4j, input, 19);

        Closeness.assertClose("output", a.output(), b.output(), MAX_RELATIVE_DIFFERENCE);
        Closeness.assertClose("parameter gradient", a.parameterGradient(), b.parameterGradient(),
                MAX_RELATIVE_DIFFERENCE);
        Closeness.assertClose("input gradient", a.inputGradient(), b.inputGradient(), MAX_RELATIVE_DIFFERENCE);
        assertThat(sum(ours, ConvolutionLayers.ConvolutionImpl::oneDnnForwardPasses)).as("passes through oneDNN")
                .isEqualTo(convolutions(config));
        assertThat(sum(dl4j, ConvolutionLayers.ConvolutionImpl::oneDnnForwardPasses)).isZero();

        // D on real images: the first layer skips its input gradient, the parameter gradients stay the same
        ours.setInput(input);
        INDArray out = ours.feedForward(true, false).get(ours.getnLayers());
        Nd4j.getRandom().setSeed(19);
        INDArray epsilon = Nd4j.rand(DataType.FLOAT, out.shape()).subi(0.5);
        ConvolutionLayers.noInputGradient(ours, true);
        Pair<Gradient, INDArray> skipped;
        try {
            skipped = ours.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        } finally {
            ConvolutionLayers.noInputGradient(ours, false);
        }
        assertThat(skipped.getSecond()).isNull();
        Closeness.assertClose("parameter gradient without the input gradient", skipped.getFirst().gradient(),
                a.parameterGradient(), MAX_RELATIVE_DIFFERENCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dcgan-64", "seed-128"})
    void generatorPassMatchesDl4jsTransposedConvolutions(String preset) {
        DcganConfig config = DcganConfig.forPreset(preset);
        MultiLayerNetwork ours = generator(config, NetworkFactory.Layers.FAST);
        MultiLayerNetwork dl4j = generator(config, WITHOUT);
        Nd4j.getRandom().setSeed(43);
        ours.params().assign(Nd4j.randn(DataType.FLOAT, ours.params().shape()).muli(0.05));   // biases too
        dl4j.params().assign(ours.params());
        Nd4j.getRandom().setSeed(44);
        INDArray z = Nd4j.randn(DataType.FLOAT, 3, config.noiseSize());

        TrainingPass a = TrainingPass.run(ours, z, 23);
        TrainingPass b = TrainingPass.run(dl4j, z, 23);

        Closeness.assertClose("output", a.output(), b.output(), MAX_RELATIVE_DIFFERENCE);
        Closeness.assertClose("parameter gradient", a.parameterGradient(), b.parameterGradient(),
                MAX_RELATIVE_DIFFERENCE);
        Closeness.assertClose("input gradient", a.inputGradient(), b.inputGradient(), MAX_RELATIVE_DIFFERENCE);
        long transposed = config.preset().generator().stream()
                .filter(s -> s instanceof LayerSpec.Conv c && c.transposed()).count();
        assertThat(Arrays.stream(ours.getLayers()).filter(ConvolutionLayers.DeconvolutionImpl.class::isInstance)
                .mapToLong(l -> ((ConvolutionLayers.DeconvolutionImpl) l).oneDnnForwardPasses()).sum())
                .as("transposed convolutions through oneDNN").isEqualTo(transposed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dcgan-64", "seed-128"})
    void inputGradientAloneEqualsTheFullBackwardPasses(String preset) {
        DcganConfig config = DcganConfig.forPreset(preset);
        MultiLayerNetwork d = discriminator(config, NetworkFactory.Layers.FAST, DataType.FLOAT);
        INDArray input = images(config, 31);

        TrainingPass full = TrainingPass.run(d, input, 17);
        ConvolutionLayers.inputGradientOnly(d, true);
        TrainingPass alone;
        try {
            alone = TrainingPass.run(d, input, 17);
        } finally {
            ConvolutionLayers.inputGradientOnly(d, false);
        }

        assertThat(alone.output()).isEqualTo(full.output());
        Closeness.assertClose("D's input gradient", alone.inputGradient(), full.inputGradient(),
                MAX_RELATIVE_DIFFERENCE);
        assertThat(sum(d, ConvolutionLayers.ConvolutionImpl::inputGradientOnlyPasses))
                .as("convolutions that computed their input gradient alone").isEqualTo(convolutions(config));
        TrainingPass again = TrainingPass.run(d, input, 17);   // switched back: every gradient again
        assertThat(again.parameterGradient()).isEqualTo(full.parameterGradient());
    }

    /**
     * Against double precision (DL4J's built-in code), our single-precision gradient is within float rounding. DL4J's
     * own single-precision convolutions are further from it than float rounding (docs/benchmarks.md, "Fifth pass"),
     * so double precision is the stricter reference.
     */
    @Test
    void discriminatorGradientMatchesDoublePrecision() {
        DcganConfig config = DcganConfig.forPreset("dcgan-64");
        MultiLayerNetwork exact = discriminator(config, NetworkFactory.Layers.DL4J, DataType.DOUBLE);
        MultiLayerNetwork ours = discriminator(config, NetworkFactory.Layers.FAST, DataType.FLOAT);
        ours.params().assign(exact.params().castTo(DataType.FLOAT));
        INDArray input = images(config, 21);
        INDArray epsilon = Nd4j.rand(DataType.FLOAT, input.size(0), 1).subi(0.5);

        INDArray reference = gradient(exact, input.castTo(DataType.DOUBLE), epsilon.castTo(DataType.DOUBLE));
        INDArray single = gradient(ours, input, epsilon).castTo(DataType.DOUBLE);

        Closeness.assertClose("parameter gradient against double precision", single, reference,
                MAX_RELATIVE_DIFFERENCE);
    }

    private static MultiLayerNetwork discriminator(DcganConfig config, NetworkFactory.Layers layers, DataType type) {
        int size = config.imageSize();
        return NetworkFactory.build(config.preset().discriminator(), InputType.convolutional(size, size, 3), ADAM, 9,
                type, layers);
    }

    private static MultiLayerNetwork generator(DcganConfig config, NetworkFactory.Layers layers) {
        return NetworkFactory.build(config.preset().generator(), InputType.feedForward(config.noiseSize()), ADAM, 9,
                DataType.FLOAT, layers);
    }

    private static INDArray images(DcganConfig config, long seed) {
        Nd4j.getRandom().setSeed(seed);
        int size = config.imageSize();
        return Nd4j.rand(DataType.FLOAT, 3, 3, size, size).muli(2).subi(1);
    }

    private static INDArray gradient(MultiLayerNetwork net, INDArray input, INDArray epsilon) {
        net.setInput(input);
        net.feedForward(true, false);
        return net.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces()).getFirst().gradient().dup();
    }

    private static long convolutions(DcganConfig config) {
        List<LayerSpec> d = config.preset().discriminator();
        return d.stream().filter(s -> s instanceof LayerSpec.Conv).count();
    }

    private static long sum(MultiLayerNetwork net, ToLongFunction<ConvolutionLayers.ConvolutionImpl> count) {
        return Arrays.stream(net.getLayers()).filter(ConvolutionLayers.ConvolutionImpl.class::isInstance)
                .mapToLong(l -> count.applyAsLong((ConvolutionLayers.ConvolutionImpl) l)).sum();
    }
}
