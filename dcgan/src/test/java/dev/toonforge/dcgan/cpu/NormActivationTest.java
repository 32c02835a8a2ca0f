package dev.toonforge.dcgan.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import dev.toonforge.dcgan.Closeness;
import dev.toonforge.dcgan.LayerSpec;
import dev.toonforge.dcgan.Preset;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Batch norm and its (leaky) ReLU fused into one layer ({@link NormActivation}), and LeakyReLU alone
 * ({@link LeakyRelu}), compute what DL4J's layers compute: outputs, all parameter gradients (including the
 * running-statistics step), input gradients, and inference outputs from running statistics. Single precision, so
 * "the same" is within float rounding.
 */
class NormActivationTest {

    private static final double MAX_RELATIVE_DIFFERENCE = 1e-5;
    private static final Adam ADAM = new Adam(2e-4, 0.5, 0.999, 1e-8);
    /** Our element-wise layers, everything else DL4J's own (OneDnnConvolutionTest covers the convolutions). */
    private static final NetworkFactory.Layers JAVA_LAYERS = new NetworkFactory.Layers(true, true, false);

    @Test
    void discriminatorWithLeakyReluMatchesDl4jsLayers() {
        Nd4j.getRandom().setSeed(21);
        INDArray images = Nd4j.rand(DataType.FLOAT, 8, 3, 64, 64).muli(2).subi(1);
        MultiLayerNetwork fused = compare(Preset.DCGAN_64.discriminator(), InputType.convolutional(64, 64, 3), images, 3);

        LeakyRelu.Layer first = (LeakyRelu.Layer) fused.getLayer(1);   // after the first convolution, no batch norm
        assertThat(first.javaPasses()).as("the first LeakyReLU computed in Java").isEqualTo(1);
    }

    @Test
    void generatorWithReluMatchesDl4jsLayers() {
        Nd4j.getRandom().setSeed(22);
        INDArray z = Nd4j.randn(DataType.FLOAT, 8, 100);
        compare(Preset.DCGAN_64.generator(), InputType.feedForward(100), z, 4);
    }

    @Test
    void croppedTransposedConvolutionOutputIsReadInPlace() {
        // seed-128's generator: a "same" transposed convolution is padded + cropped, so batch norm gets a view
        List<LayerSpec> specs = List.of(LayerSpec.convTSame(8, 5, 2), LayerSpec.batchNorm(5e-5), LayerSpec.leakyRelu(0.2),
                LayerSpec.convTSame(3, 5, 1));
        Nd4j.getRandom().setSeed(26);
        INDArray input = Nd4j.rand(DataType.FLOAT, 4, 6, 8, 8).subi(0.5);
        MultiLayerNetwork fused = compare(specs, InputType.convolutional(8, 8, 6), input, 1);

        fused.setInput(input);
        fused.feedForward(true, false);
        INDArray normInput = fused.getLayer(2).input();
        assertThat(fused.getLayer(2)).isInstanceOf(NormActivation.Layer.class);
        assertThat(normInput.isView()).as("batch norm's input is the crop's view").isTrue();
        assertThat(NchwFloats.accepts(normInput)).isTrue();
    }

    @Test
    void viewsAnywhereInTheirBufferAreReadAndWrittenInPlace() {
        // a view that starts inside its buffer: examples 1-2 of 4, rows and columns 1-4 of 6
        Nd4j.getRandom().setSeed(27);
        INDArray whole = Nd4j.rand(DataType.FLOAT, 4, 5, 6, 6).subi(0.5);
        INDArray view = whole.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all(), NDArrayIndex.interval(1, 5),
                NDArrayIndex.interval(1, 5));
        assertThat(view.offset()).isPositive();
        assertThat(NchwFloats.accepts(view)).isTrue();
        float[] gamma = {1.0f, 0.5f, 2.0f, 1.5f, 0.8f};
        float[] beta = {0.0f, 0.1f, -0.2f, 0.3f, 0.0f};
        NormActivationKernel kernel = new NormActivationKernel(1e-5, 0.2, gamma, beta);
        INDArray upstream = Nd4j.rand(DataType.FLOAT, 2, 5, 4, 4).subi(0.5);

        INDArray fromView = Nd4j.createUninitialized(DataType.FLOAT, 2, 5, 4, 4);
        INDArray fromCopy = Nd4j.createUninitialized(DataType.FLOAT, 2, 5, 4, 4);
        NormActivationKernel.Statistics s = kernel.forwardTraining(view, fromView);
        kernel.forwardTraining(view.dup('c'), fromCopy);
        assertThat(fromView).isEqualTo(fromCopy);

        INDArray gradientWhole = Nd4j.zeros(DataType.FLOAT, 4, 5, 6, 6);   // the input gradient written into a view
        INDArray gradientView = gradientWhole.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all(),
                NDArrayIndex.interval(1, 5), NDArrayIndex.interval(1, 5));
        INDArray gradientCopy = Nd4j.createUninitialized(DataType.FLOAT, 2, 5, 4, 4);
        kernel.backward(view, upstream, s, gradientView);
        kernel.backward(view.dup('c'), upstream, s, gradientCopy);
        assertThat(gradientView.dup('c')).isEqualTo(gradientCopy);
        assertThat(gradientCopy.norm1Number().doubleValue()).isPositive();
        gradientView.assign(0);
        assertThat(gradientWhole.norm1Number().doubleValue()).as("nothing written outside the view").isZero();
    }

    @Test
    void inferenceUsesTheRunningStatisticsLikeDl4j() {
        List<LayerSpec> specs = List.of(LayerSpec.conv(16, 4, 2, 1), LayerSpec.batchNorm(5e-5), LayerSpec.leakyRelu(0.2));
        InputType input = InputType.convolutional(16, 16, 3);
        MultiLayerNetwork fused = NetworkFactory.build(specs, input, ADAM, 3, DataType.FLOAT, JAVA_LAYERS);
        MultiLayerNetwork dl4j = NetworkFactory.build(specs, input, ADAM, 3, DataType.FLOAT, NetworkFactory.Layers.DL4J);
        Nd4j.getRandom().setSeed(23);
        INDArray params = Nd4j.rand(DataType.FLOAT, fused.params().shape()).subi(0.5);   // log10(std) in [-0.5, 0.5]
        fused.setParams(params);
        dl4j.setParams(params.dup());
        INDArray images = Nd4j.rand(DataType.FLOAT, 5, 3, 16, 16).muli(2).subi(1);

        assertClose("inference output", fused.output(images, false), dl4j.output(images, false));
        assertThat(fusedPasses(fused)).isEqualTo(1);
    }

    @Test
    void trainingUpdatesTheRunningStatisticsLikeDl4j() {
        List<LayerSpec> specs = List.of(LayerSpec.conv(8, 4, 2, 1), LayerSpec.batchNorm(), LayerSpec.relu());
        InputType input = InputType.convolutional(8, 8, 3);
        MultiLayerNetwork fused = NetworkFactory.build(specs, input, ADAM, 4, DataType.FLOAT, JAVA_LAYERS);
        MultiLayerNetwork dl4j = NetworkFactory.build(specs, input, ADAM, 4, DataType.FLOAT, NetworkFactory.Layers.DL4J);
        Nd4j.getRandom().setSeed(24);
        INDArray images = Nd4j.rand(DataType.FLOAT, 6, 3, 8, 8).muli(3);   // mean 1.5: the running mean must move
        // running statistics away from their initial 0 and 1 (log10(std) in [-0.5, 0.5]), so that a mistake in
        // reading them back (log10, the square) shows
        INDArray params = Nd4j.rand(DataType.FLOAT, fused.params().shape()).subi(0.5);
        fused.setParams(params);
        dl4j.setParams(params.dup());
        INDArray before = fused.getLayer(1).getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).dup();

        for (int step = 0; step < 2; step++) {
            for (MultiLayerNetwork net : List.of(fused, dl4j)) {
                net.setInput(images);
                List<INDArray> activations = net.feedForward(true, false);
                INDArray out = activations.get(activations.size() - 1);
                Gradient g = net.backpropGradient(Nd4j.onesLike(out), LayerWorkspaceMgr.noWorkspaces()).getFirst();
                net.getUpdater().update(net, g, step, 0, 6, LayerWorkspaceMgr.noWorkspaces());
                net.params().subi(g.gradient());
            }
        }

        INDArray after = fused.getLayer(1).getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        assertThat(after.sub(before).norm2Number().doubleValue()).as("running mean moved").isGreaterThan(1e-3);
        for (String key : List.of(BatchNormalizationParamInitializer.GLOBAL_MEAN,
                BatchNormalizationParamInitializer.GLOBAL_LOG_STD, BatchNormalizationParamInitializer.GAMMA,
                BatchNormalizationParamInitializer.BETA)) {
            assertClose(key + " after two updates", fused.getLayer(1).getParam(key), dl4j.getLayer(1).getParam(key));
        }
    }

    /** One training forward + backward pass through both builds; returns the fused one. */
    private static MultiLayerNetwork compare(List<LayerSpec> specs, InputType inputType, INDArray input, int fusedLayers) {
        MultiLayerNetwork fused = NetworkFactory.build(specs, inputType, ADAM, 5, DataType.FLOAT, JAVA_LAYERS);
        MultiLayerNetwork dl4j = NetworkFactory.build(specs, inputType, ADAM, 5, DataType.FLOAT, NetworkFactory.Layers.DL4J);
        assertThat(fused.params()).as("same parameters, same layout").isEqualTo(dl4j.params());
        assertThat(fused.getLayers()).hasSize(dl4j.getLayers().length - fusedLayers);

        TrainingPass ours = TrainingPass.run(fused, input, 25);
        TrainingPass theirs = TrainingPass.run(dl4j, input, 25);

        assertClose("output", ours.output(), theirs.output());
        assertClose("parameter gradient", ours.parameterGradient(), theirs.parameterGradient());
        assertClose("input gradient", ours.inputGradient(), theirs.inputGradient());
        assertThat(fusedPasses(fused)).as("forward passes through the fused code").isEqualTo(fusedLayers);
        return fused;
    }

    private static long fusedPasses(MultiLayerNetwork net) {
        return Arrays.stream(net.getLayers()).filter(NormActivation.Layer.class::isInstance)
                .mapToLong(l -> ((NormActivation.Layer) l).fusedPasses()).sum();
    }

    private static void assertClose(String what, INDArray actual, INDArray expected) {
        Closeness.assertClose(what + ", fused against DL4J's layers", actual, expected, MAX_RELATIVE_DIFFERENCE);
    }
}
