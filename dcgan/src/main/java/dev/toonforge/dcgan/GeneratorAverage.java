package dev.toonforge.dcgan;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An exponential moving average of G's parameters, batch-norm running statistics included, held in a network of G's
 * architecture so that it samples like G. After G's update number k (counting from 0) the average moves with decay
 * min(decay, (1 + k) / (10 + k)): the warm-up keeps early averages from being dominated by the random initial weights.
 */
final class GeneratorAverage {

    private final double decay;
    private final MultiLayerNetwork network;

    /** Starts the average at {@code initial} (copied). */
    GeneratorAverage(double decay, MultiLayerNetwork network, INDArray initial) {
        this.decay = decay;
        this.network = network;
        set(initial);
    }

    /** The decay used after G's update number {@code k}. */
    static double effectiveDecay(double decay, long k) {
        return Math.min(decay, (1.0 + k) / (10.0 + k));
    }

    /** average = d * average + (1 - d) * params, in place, after G's update number {@code k}. */
    void update(INDArray params, long k) {
        double d = effectiveDecay(decay, k);
        INDArray average = network.params();
        average.muli(d);
        Nd4j.getBlasWrapper().level1().axpy(average.length(), 1.0 - d, params, average);
    }

    void set(INDArray params) {
        network.params().assign(params.reshape(network.params().shape()));
    }

    INDArray params() {
        return network.params();
    }

    MultiLayerNetwork network() {
        return network;
    }
}
