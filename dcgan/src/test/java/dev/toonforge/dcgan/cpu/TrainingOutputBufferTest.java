package dev.toonforge.dcgan.cpu;

import static dev.toonforge.dcgan.DcganInternals.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.Discs;
import dev.toonforge.dcgan.StepResult;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layers' training output buffers ({@link TrainingOutputBuffer}) change where a training pass writes, never what
 * the step computes: a run with them equals, bit for bit, a run where every pass allocates its outputs; they are used
 * only in training passes, and only where the network's owner turned them on.
 */
class TrainingOutputBufferTest {

    private static final DcganConfig CONFIG = DcganConfig.forPreset("tiny-32").withBatchSize(8).withDiscriminatorSteps(2);

    /** Batch k; the third is smaller (an epoch's last batch), so the kept arrays change shape and back. */
    private static INDArray batch(int k) {
        return Discs.batch(new SplittableRandom(500 + k), k == 2 ? 5 : 8, 32);
    }

    @Test
    void stepsWithTrainingOutputBuffersEqualStepsWithFreshOnes() {
        Dcgan kept = Dcgan.create(CONFIG, 7);
        Dcgan fresh = Dcgan.create(CONFIG, 7);
        TrainingOutputBuffer.use(generatorNetwork(fresh), false);
        TrainingOutputBuffer.use(discriminatorNetwork(fresh), false);
        for (int k = 0; k < 4; k++) {
            StepResult a = kept.trainStep(batch(k));
            StepResult b = fresh.trainStep(batch(k));
            assertThat(a).as("step %d", k).isEqualTo(b);
        }
        assertThat(generatorNetwork(kept).params()).isEqualTo(generatorNetwork(fresh).params());
        assertThat(discriminatorNetwork(kept).params()).isEqualTo(discriminatorNetwork(fresh).params());
        assertThat(discriminatorNetwork(kept).params())
                .as("training moved the weights").isNotEqualTo(discriminatorNetwork(Dcgan.create(CONFIG, 7)).params());
    }

    @Test
    void trainingPassesWriteTheKeptArraysAndInferencePassesDoNot() {
        Dcgan gan = Dcgan.create(CONFIG, 7);
        assertKeptInTrainingOnly(discriminatorNetwork(gan), batch(0));
        assertKeptInTrainingOnly(generatorNetwork(gan), Nd4j.randn(DataType.FLOAT, 8, CONFIG.noiseSize()));
    }

    private static void assertKeptInTrainingOnly(MultiLayerNetwork network, INDArray input) {
        List<INDArray> first = forward(network, input, true);
        List<INDArray> second = forward(network, input, true);
        List<INDArray> inference = forward(network, input, false);
        int owners = 0;
        for (int i = 0; i < network.getLayers().length; i++) {
            Layer layer = network.getLayer(i);
            if (layer instanceof TrainingOutputBuffer.Owner) {
                owners++;
                INDArray output = first.get(i + 1);   // activations: the input first, then each layer's output
                assertThat(second.get(i + 1)).as("layer %d's second training output", i).isSameAs(output);
                assertThat(inference.get(i + 1)).as("layer %d's inference output", i).isNotSameAs(output);
            }
        }
        assertThat(owners).as("layers of ours that keep their output").isGreaterThanOrEqualTo(3);

        TrainingOutputBuffer.use(network, false);
        List<INDArray> off = forward(network, input, true);
        List<INDArray> offAgain = forward(network, input, true);
        for (int i = 0; i < network.getLayers().length; i++) {
            if (network.getLayer(i) instanceof TrainingOutputBuffer.Owner) {
                assertThat(offAgain.get(i + 1)).as("layer %d with keeping off", i).isNotSameAs(off.get(i + 1));
                assertThat(offAgain.get(i + 1)).isEqualTo(second.get(i + 1));
            }
        }
    }

    private static List<INDArray> forward(MultiLayerNetwork network, INDArray input, boolean training) {
        network.setInput(input);
        return network.feedForward(training, false);
    }
}
