package dev.toonforge.dcgan.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.toonforge.dcgan.LayerSpec;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The explicitly padded + cropped transposed convolution that {@link NetworkFactory} builds for a "same" layer
 * computes what DL4J's {@code ConvolutionMode.Same} computes, forward and backward, with the same parameters.
 */
class TransposedSameTest {

    @ParameterizedTest(name = "kernel {0}, stride {1}")
    @CsvSource({"5, 2", "5, 1", "4, 2", "3, 1"})
    void matchesDl4jSameMode(int kernel, int stride) {
        int size = 8;
        int channels = 6;
        MultiLayerNetwork ours = NetworkFactory.build(List.of(LayerSpec.convTSame(4, kernel, stride)),
                InputType.convolutional(size, size, channels), new Adam(1e-3), 3, DataType.FLOAT);
        MultiLayerNetwork reference = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.FLOAT).list()
                .layer(new Deconvolution2D.Builder().nOut(4).kernelSize(kernel, kernel).stride(stride, stride)
                        .convolutionMode(ConvolutionMode.Same).hasBias(true).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(size, size, channels)).build());
        reference.init();
        reference.setParams(ours.params().dup());

        INDArray input = Nd4j.rand(DataType.FLOAT, 5, channels, size, size).subi(0.5);
        INDArray expected = reference.output(input, true);
        INDArray actual = ours.output(input, true);
        assertThat(actual.shape()).containsExactly(5, 4, size * stride, size * stride);
        assertThat(actual.equalsWithEps(expected, 1e-5)).as("forward pass").isTrue();

        INDArray epsilon = Nd4j.rand(DataType.FLOAT, expected.shape()).subi(0.5);
        ours.setInput(input);
        ours.feedForward(true, false);
        reference.setInput(input);
        reference.feedForward(true, false);
        var oursBack = ours.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        var referenceBack = reference.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        assertThat(oursBack.getFirst().gradient().equalsWithEps(referenceBack.getFirst().gradient(), 1e-4))
                .as("parameter gradients").isTrue();
        assertThat(oursBack.getSecond().equalsWithEps(referenceBack.getSecond(), 1e-4)).as("input gradient").isTrue();
    }
}
