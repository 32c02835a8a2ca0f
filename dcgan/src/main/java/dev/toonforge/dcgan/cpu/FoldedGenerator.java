package dev.toonforge.dcgan.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A generator network reduced to what inference computes: each fully connected or transposed-convolution layer with
 * everything after it folded in. In inference, batch norm is an affine map per channel with fixed numbers
 * (gamma / sqrt(runningVar + eps) and beta - runningMean * that), so it goes into the weights and bias of the layer
 * before it; a crop of a transposed convolution's output is extra padding; the activation is kept with the layer.
 * {@link OneDnnGenerator} runs the result.
 *
 * <p>The weights are copied out of the network, so the folded layers do not follow later training
 * ({@link dev.toonforge.dcgan.Generator} folds again when its step moves).
 */
public final class FoldedGenerator {

    /** The elementwise function applied to a layer's output: max(u, 0) + slope * min(u, 0), tanh, or nothing. */
    record Activation(Kind kind, float slope) {
        enum Kind { IDENTITY, LEAKY_RELU, TANH }

        static final Activation IDENTITY = new Activation(Kind.IDENTITY, 0);

        static Activation of(IActivation function) {
            if (function instanceof ActivationIdentity) {
                return IDENTITY;
            }
            if (function instanceof ActivationReLU) {
                return new Activation(Kind.LEAKY_RELU, 0);
            }
            if (function instanceof ActivationLReLU l) {
                return new Activation(Kind.LEAKY_RELU, (float) l.getAlpha());
            }
            if (function instanceof ActivationTanH) {
                return new Activation(Kind.TANH, 0);
            }
            throw new Unsupported("activation " + function);
        }
    }

    /** One step of inference: a layer with weights, its bias and activation. */
    sealed interface Step {
        int out();

        float[] weights();

        float[] bias();

        Activation activation();
    }

    /**
     * y = x W + b: {@code weights} is DL4J's [in, out] matrix, row by row (oneDNN's {@code io}).
     * {@code reshape} is the [channels, height, width] the output is read as afterwards, or null.
     */
    record FullyConnected(int in, int out, float[] weights, float[] bias, Activation activation, int[] reshape)
            implements Step {
    }

    /**
     * A transposed convolution: {@code weights} is DL4J's [in, out, kernelH, kernelW] array (oneDNN's {@code iohw});
     * {@code padBefore}/{@code padAfter} are {top, left}/{bottom, right}, what is trimmed from the full output.
     */
    record TransposedConvolution(int in, int out, int[] kernel, int[] stride, int[] padBefore, int[] padAfter,
                                 float[] weights, float[] bias, Activation activation) implements Step {
    }

    /** The network has a layer (or an order of layers) this fold does not know: the caller uses DL4J's pass. */
    public static final class Unsupported extends RuntimeException {
        Unsupported(String reason) {
            super(reason);
        }
    }

    private final int noiseSize;
    private final List<Step> steps;

    private FoldedGenerator(int noiseSize, List<Step> steps) {
        this.noiseSize = noiseSize;
        this.steps = List.copyOf(steps);
    }

    int noiseSize() {
        return noiseSize;
    }

    List<Step> steps() {
        return steps;
    }

    /**
     * Folds a generator network (single precision; a dense layer first, then NCHW layers).
     *
     * @throws Unsupported for any layer, preprocessor or order that this fold does not handle
     */
    public static FoldedGenerator fold(MultiLayerNetwork network) {
        if (network.params().dataType() != DataType.FLOAT) {
            throw new Unsupported("parameters in " + network.params().dataType() + ", not FLOAT");
        }
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        List<Step> steps = new ArrayList<>();
        Open open = null;
        int noiseSize = -1;
        for (int i = 0; i < network.getnLayers(); i++) {
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (pre != null) {
                if (!(pre instanceof FeedForwardToCnnPreProcessor f) || open == null || !open.reshapeTo(f)) {
                    throw new Unsupported("input preprocessor " + pre + " before layer " + i);
                }
            }
            Layer layer = conf.getConf(i).getLayer();
            org.deeplearning4j.nn.api.Layer live = network.getLayer(i);
            if (layer instanceof DenseLayer d) {
                if (i != 0) {
                    throw new Unsupported("a dense layer after the first layer (layer " + i + ")");
                }
                noiseSize = Math.toIntExact(d.getNIn());
                open = Open.fullyConnected(d, live);
            } else if (layer instanceof Deconvolution2D d) {
                if (open == null) {
                    throw new Unsupported("a transposed convolution first");
                }
                steps.add(open.close());
                open = Open.transposedConvolution(d, live);
            } else if (layer instanceof Cropping2D c && open != null) {
                open.crop(c);
            } else if (layer instanceof BatchNormalization b && open != null) {
                open.batchNorm(b, live);
                if (layer instanceof NormActivation.Conf) {   // DL4J's own batch norm ignores its activation
                    open.activation(Activation.of(b.getActivationFn()));
                }
            } else if (layer instanceof ActivationLayer a && open != null) {
                open.activation(Activation.of(a.getActivationFn()));
            } else {
                throw new Unsupported("layer " + i + ": " + layer.getClass().getSimpleName());
            }
        }
        if (open == null) {
            throw new Unsupported("no layers");
        }
        steps.add(open.close());
        return new FoldedGenerator(noiseSize, steps);
    }

    /** The layer being folded into: its weights and bias, and what has been folded so far. */
    private static final class Open {
        private final boolean transposed;
        private final int in;
        private final int out;
        private final float[] weights;
        private final float[] bias;
        private int[] kernel;
        private int[] stride;
        private int[] padBefore;
        private int[] padAfter;
        private int[] reshape;
        private boolean normalized;
        private Activation activation = Activation.IDENTITY;

        private Open(boolean transposed, int in, int out, float[] weights, float[] bias) {
            this.transposed = transposed;
            this.in = in;
            this.out = out;
            this.weights = weights;
            this.bias = bias;
        }

        static Open fullyConnected(DenseLayer d, org.deeplearning4j.nn.api.Layer live) {
            int in = Math.toIntExact(d.getNIn());
            int out = Math.toIntExact(d.getNOut());
            Open open = new Open(false, in, out, floats(live.getParam(DefaultParamInitializer.WEIGHT_KEY)),
                    d.hasBias() ? floats(live.getParam(DefaultParamInitializer.BIAS_KEY)) : new float[out]);
            open.activation(Activation.of(d.getActivationFn()));
            return open;
        }

        static Open transposedConvolution(Deconvolution2D d, org.deeplearning4j.nn.api.Layer live) {
            if (d.getConvolutionMode() == ConvolutionMode.Same || d.getCnn2dDataFormat() != CNN2DFormat.NCHW
                    || !Arrays.equals(d.getDilation(), new int[] {1, 1})) {
                throw new Unsupported("transposed convolution " + d.getConvolutionMode() + " "
                        + d.getCnn2dDataFormat() + " dilation " + Arrays.toString(d.getDilation()));
            }
            int out = Math.toIntExact(d.getNOut());
            Open open = new Open(true, Math.toIntExact(d.getNIn()), out,
                    floats(live.getParam(DefaultParamInitializer.WEIGHT_KEY)),
                    d.hasBias() ? floats(live.getParam(DefaultParamInitializer.BIAS_KEY)) : new float[out]);
            open.kernel = d.getKernelSize().clone();
            open.stride = d.getStride().clone();
            open.padBefore = d.getPadding().clone();
            open.padAfter = d.getPadding().clone();
            open.activation(Activation.of(d.getActivationFn()));
            return open;
        }

        boolean reshapeTo(FeedForwardToCnnPreProcessor f) {
            int[] chw = {Math.toIntExact(f.getNumChannels()), Math.toIntExact(f.getInputHeight()),
                    Math.toIntExact(f.getInputWidth())};
            if (transposed || reshape != null || (long) chw[0] * chw[1] * chw[2] != out) {
                return false;
            }
            reshape = chw;
            return true;
        }

        /** Cropping2D's {top, bottom, left, right}: rows and columns more to trim. */
        void crop(Cropping2D c) {
            if (!transposed || normalized || activation != Activation.IDENTITY) {
                throw new Unsupported("a crop after anything but a transposed convolution");
            }
            int[] crop = c.getCropping();
            padBefore[0] += crop[0];
            padAfter[0] += crop[1];
            padBefore[1] += crop[2];
            padAfter[1] += crop[3];
        }

        /** Folds (u - mean) * gamma / sqrt(var + eps) + beta, per channel, into weights and bias. */
        void batchNorm(BatchNormalization b, org.deeplearning4j.nn.api.Layer live) {
            if (normalized || activation != Activation.IDENTITY || b.isLockGammaBeta()) {
                throw new Unsupported("batch norm after an activation or a second batch norm");
            }
            float[] gamma = floats(live.getParam(BatchNormalizationParamInitializer.GAMMA));
            float[] beta = floats(live.getParam(BatchNormalizationParamInitializer.BETA));
            float[] mean = floats(live.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
            float[] variance = b.isUseLogStd()
                    ? NormActivation.varianceFromLog10Std(floats(live.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD)))
                    : floats(live.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
            int channels = gamma.length;
            int perChannel = transposed ? 1 : (reshape == null ? 1 : reshape[1] * reshape[2]);
            if ((long) channels * perChannel != out) {
                throw new Unsupported("batch norm over " + channels + " channels after a layer with " + out
                        + " outputs");
            }
            float[] scale = new float[channels];
            for (int c = 0; c < channels; c++) {
                scale[c] = (float) (gamma[c] / Math.sqrt(variance[c] + b.getEps()));
            }
            for (int o = 0; o < out; o++) {
                int c = o / perChannel;
                bias[o] = (bias[o] - mean[c]) * scale[c] + beta[c];
            }
            if (transposed) {   // [in, out, kh, kw]: output channel o's block of kh * kw in each input channel's row
                int block = kernel[0] * kernel[1];
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        int start = (i * out + o) * block;
                        for (int k = start; k < start + block; k++) {
                            weights[k] *= scale[o];
                        }
                    }
                }
            } else {            // [in, out]
                for (int i = 0; i < in; i++) {
                    for (int o = 0; o < out; o++) {
                        weights[i * out + o] *= scale[o / perChannel];
                    }
                }
            }
            normalized = true;
        }

        void activation(Activation next) {
            if (next.kind() == Activation.Kind.IDENTITY) {
                return;
            }
            if (activation != Activation.IDENTITY) {
                throw new Unsupported("two activations in a row");
            }
            activation = next;
        }

        Step close() {
            return transposed
                    ? new TransposedConvolution(in, out, kernel, stride, padBefore, padAfter, weights, bias, activation)
                    : new FullyConnected(in, out, weights, bias, activation, reshape);
        }

        /** A parameter array's values in C order (a fresh copy: folding writes into it). */
        private static float[] floats(INDArray parameter) {
            return parameter.castTo(DataType.FLOAT).dup('c').data().asFloat();
        }
    }
}
