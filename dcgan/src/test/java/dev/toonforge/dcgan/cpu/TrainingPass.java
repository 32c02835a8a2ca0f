package dev.toonforge.dcgan.cpu;

import java.util.List;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One training forward + backward pass of a network, kept for comparing two builds of the same layers. */
record TrainingPass(INDArray output, INDArray parameterGradient, INDArray inputGradient) {

    /** Runs the pass with an upstream gradient drawn from {@code epsilonSeed}: the same for every build. */
    static TrainingPass run(MultiLayerNetwork net, INDArray input, long epsilonSeed) {
        net.setInput(input);
        List<INDArray> activations = net.feedForward(true, false);
        INDArray output = activations.get(activations.size() - 1);
        Nd4j.getRandom().setSeed(epsilonSeed);
        INDArray epsilon = Nd4j.rand(DataType.FLOAT, output.shape()).subi(0.5);
        Pair<Gradient, INDArray> gradients = net.backpropGradient(epsilon, LayerWorkspaceMgr.noWorkspaces());
        return new TrainingPass(output.dup(), gradients.getFirst().gradient().dup(), gradients.getSecond().dup());
    }
}
