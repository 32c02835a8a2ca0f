package dev.toonforge.dcgan;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The discriminator's input gradient computed alone (the generator's step through D,
 * {@link ReusedForward#inputGradientOnly}) equals the one DL4J's full backward pass gives, for dcgan-64's explicitly
 * padded convolutions and seed-128's "same" ones (whose padding is one row larger at the bottom).
 */
class InputGradientOnlyTest {

    private static final double MAX_RELATIVE_DIFFERENCE = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {"dcgan-64", "seed-128"})
    void discriminatorInputGradientEqualsTheFullBackwardPasses(String preset) {
        DcganConfig config = DcganConfig.forPreset(preset);
        int size = config.imageSize();
        MultiLayerNetwork d = NetworkFactory.build(config.preset().discriminator(), InputType.convolutional(size, size, 3),
                new Adam(2e-4, 0.5, 0.999, 1e-8), 9, DataType.FLOAT);
        Nd4j.getRandom().setSeed(31);
        INDArray images = Nd4j.rand(DataType.FLOAT, 3, 3, size, size).muli(2).subi(1);

        TrainingPass full = TrainingPass.run(d, images, 17);
        ReusedForward.inputGradientOnly(d, true);
        TrainingPass alone;
        try {
            alone = TrainingPass.run(d, images, 17);
        } finally {
            ReusedForward.inputGradientOnly(d, false);
        }

        assertThat(alone.output()).isEqualTo(full.output());
        double difference = alone.inputGradient().sub(full.inputGradient()).norm2Number().doubleValue()
                / full.inputGradient().norm2Number().doubleValue();
        assertThat(difference).as("relative difference of D's input gradient").isLessThan(MAX_RELATIVE_DIFFERENCE);
        long convolutions = 0;
        for (Layer layer : d.getLayers()) {
            if (layer instanceof ReusedForward.ConvolutionImpl c) {
                convolutions++;
                assertThat(c.inputGradientOnlyPasses()).as("layer %d computed its input gradient alone",
                        layer.getIndex()).isEqualTo(1);
            }
        }
        assertThat(convolutions).isEqualTo(config.preset().discriminator().stream()
                .filter(s -> s instanceof LayerSpec.Conv).count());

        TrainingPass again = TrainingPass.run(d, images, 17);   // flag off again: DL4J's full pass
        assertThat(again.parameterGradient()).isEqualTo(full.parameterGradient());
    }
}
