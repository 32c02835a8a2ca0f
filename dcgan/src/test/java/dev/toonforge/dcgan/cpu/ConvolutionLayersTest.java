package dev.toonforge.dcgan.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.LayerSpec;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** Skipping DL4J's recomputed forward pass (ConvolutionLayers) changes no number of the backward pass. */
class ConvolutionLayersTest {

    @Test
    void discriminatorBackwardEqualsDl4jsWithItsConvolutionsReused() {
        DcganConfig config = DcganConfig.forPreset("dcgan-64");
        Nd4j.getRandom().setSeed(11);
        INDArray images = Nd4j.rand(DataType.FLOAT, 4, 3, 64, 64).muli(2).subi(1);

        long reused = compare(config.preset().discriminator(), InputType.convolutional(64, 64, 3), images);

        assertThat(reused).as("convolutions that skipped their second forward pass").isEqualTo(4);
    }

    @Test
    void seedGeneratorBackwardEqualsDl4jsWithItsTransposedConvolutionsReused() {
        DcganConfig config = DcganConfig.forPreset("seed-128");
        Nd4j.getRandom().setSeed(12);
        INDArray z = Nd4j.rand(DataType.FLOAT, 2, config.noiseSize()).muli(2).subi(1);

        long reused = compare(config.preset().generator(), InputType.feedForward(config.noiseSize()), z);

        assertThat(reused).as("transposed convolutions that skipped their second forward pass").isEqualTo(5);
    }

    /** One forward + backward pass through both builds; returns how many layers reused their forward output. */
    private static long compare(List<LayerSpec> specs, InputType inputType, INDArray input) {
        Adam adam = new Adam(2e-4, 0.5, 0.999, 1e-8);
        MultiLayerNetwork reusing = NetworkFactory.build(specs, inputType, adam, 5, DataType.FLOAT,
                new NetworkFactory.Layers(true, false, false));
        MultiLayerNetwork dl4j = NetworkFactory.build(specs, inputType, adam, 5, DataType.FLOAT,
                NetworkFactory.Layers.DL4J);
        assertThat(reusing.params()).isEqualTo(dl4j.params());

        TrainingPass ours = TrainingPass.run(reusing, input, 13);
        TrainingPass theirs = TrainingPass.run(dl4j, input, 13);

        assertThat(ours.output()).isEqualTo(theirs.output());
        assertThat(ours.parameterGradient()).isEqualTo(theirs.parameterGradient());
        assertThat(ours.inputGradient()).isEqualTo(theirs.inputGradient());
        assertThat(theirs.parameterGradient().norm2Number().doubleValue()).isPositive();
        assertThat(reusedPasses(dl4j)).isZero();
        return reusedPasses(reusing);
    }

    private static long reusedPasses(MultiLayerNetwork net) {
        long reused = 0;
        for (Layer layer : net.getLayers()) {
            if (layer instanceof ConvolutionLayers.ConvolutionImpl c) {
                reused += c.last.reused();
            } else if (layer instanceof ConvolutionLayers.DeconvolutionImpl d) {
                reused += d.last.reused();
            }
        }
        return reused;
    }
}
