package dev.toonforge.dcgan;

import java.util.Arrays;
import java.util.Collection;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.Deconvolution2DLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Convolution and transposed-convolution layers that do not run their forward pass a second time in the backward
 * pass.
 *
 * <p>Deeplearning4j 1.0.0-M2.1's {@code ConvolutionLayer} and {@code Deconvolution2DLayer} recompute the
 * convolution in {@code backpropGradient} to get the pre-activation z for the activation's derivative (DL4J caches z
 * only inside its own workspace-managed {@code fit}, which the GAN step does not use). Every convolution here has
 * the identity activation (batch norm and LeakyReLU are layers of their own), whose derivative looks at z's shape
 * only. So that second convolution is wasted: about a fifth of a training step (docs/benchmarks.md, issue 9). These
 * layers remember the output of their last training forward pass and hand it back as z.
 *
 * <p>They fall back to DL4J's recomputation whenever z's values or its im2col buffer could matter: another
 * activation, an inference pass in between, an output in a workspace, or (for the convolution) no oneDNN helper or a
 * precision oneDNN does not take, where DL4J's built-in backward pass needs the im2col buffer. The convolution's
 * helper may not fall back to the built-in code in the backward pass (it would need that buffer), so a oneDNN failure
 * is reported instead of hidden.
 */
final class ReusedForward {

    private ReusedForward() {
    }

    /** The layer {@code builder} describes, built as a {@link Convolution}. */
    static ConvolutionLayer convolution(ConvolutionLayer.Builder builder) {
        builder.cudnnAllowFallback(false).build();   // DL4J's validation of the settings
        return new Convolution(builder);
    }

    /** The layer {@code builder} describes, built as a {@link Deconvolution}. */
    static Deconvolution2D deconvolution(Deconvolution2D.Builder builder) {
        builder.build();
        return new Deconvolution(builder);
    }

    /** The last training output of an identity-activated layer, given back once. */
    static final class LastOutput {
        private INDArray output;
        private long reused;

        /** How many backward passes used a remembered output instead of recomputing it (for tests). */
        long reused() {
            return reused;
        }

        void set(boolean training, IActivation activation, INDArray out) {
            output = training && activation instanceof ActivationIdentity && !out.isAttached() ? out : null;
        }

        INDArray take() {
            INDArray z = output;
            output = null;
            return z;
        }

        Pair<INDArray, INDArray> reuse(INDArray z) {
            reused++;
            return new Pair<>(z, null);
        }
    }

    /** Configuration of a convolution layer whose network layer is {@link ConvolutionImpl}. */
    static final class Convolution extends ConvolutionLayer {
        Convolution(ConvolutionLayer.Builder builder) {
            super(builder);
        }

        @Override
        public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                Collection<TrainingListener> listeners, int index, INDArray paramsView, boolean initializeParams,
                DataType dataType) {
            return LayerWiring.wire(new ConvolutionImpl(conf, dataType), initializer(), conf, listeners, index,
                    paramsView, initializeParams);
        }
    }

    /** Configuration of a transposed convolution layer whose network layer is {@link DeconvolutionImpl}. */
    static final class Deconvolution extends Deconvolution2D {
        Deconvolution(Deconvolution2D.Builder builder) {
            super(builder);
        }

        @Override
        public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                Collection<TrainingListener> listeners, int index, INDArray paramsView, boolean initializeParams,
                DataType dataType) {
            return LayerWiring.wire(new DeconvolutionImpl(conf, dataType), initializer(), conf, listeners, index,
                    paramsView, initializeParams);
        }
    }

    /**
     * Makes the network's convolutions compute only their input gradient in backward passes ({@code on}), or
     * everything again. For a pass whose parameter gradients are thrown away: the generator's step through D.
     */
    static void inputGradientOnly(MultiLayerNetwork network, boolean on) {
        for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
            if (layer instanceof ConvolutionImpl c) {
                c.inputGradientOnly = on;
            }
        }
    }

    static final class ConvolutionImpl extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {
        final LastOutput last = new LastOutput();
        private boolean inputGradientOnly;
        private ConvolutionInputGradient inputGradient;

        ConvolutionImpl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        /** Backward passes that computed the input gradient alone (for tests). */
        long inputGradientOnlyPasses() {
            return inputGradient == null ? 0 : inputGradient.passes();
        }

        /**
         * With {@link #inputGradientOnly}: dL/dx alone, by oneDNN's backward-data primitive; the parameter gradients
         * are left as they were (whoever set the flag discards them). Otherwise, or for anything but single-precision
         * NCHW without dilation, DL4J's backward pass.
         */
        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            ConvolutionLayer conf = layerConf();
            INDArray weights = getParam(ConvolutionParamInitializer.WEIGHT_KEY);
            if (!inputGradientOnly || OneDnn.cpu().isEmpty() || input.rank() != 4
                    || input.dataType() != DataType.FLOAT || weights.dataType() != DataType.FLOAT
                    || epsilon.dataType() != DataType.FLOAT || conf.getCnn2dDataFormat() != CNN2DFormat.NCHW
                    || !(conf.getActivationFn() instanceof ActivationIdentity)
                    || !Arrays.equals(conf.getDilation(), new int[] {1, 1})
                    || conf.getConvolutionMode() == ConvolutionMode.Causal) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            last.take();   // not needed: the identity's derivative
            int[] in = {(int) input.size(2), (int) input.size(3)};
            int[] out = {(int) epsilon.size(2), (int) epsilon.size(3)};
            int[] kernel = conf.getKernelSize();
            int[] stride = conf.getStride();
            int[] before = conf.getPadding().clone();
            int[] after = conf.getPadding().clone();
            if (conf.getConvolutionMode() == ConvolutionMode.Same) {   // DL4J's: the odd row or column at the end
                for (int d = 0; d < 2; d++) {
                    int total = (out[d] - 1) * stride[d] + kernel[d] - in[d];
                    before[d] = total / 2;
                    after[d] = total - before[d];
                }
            }
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(),
                    'c');
            if (inputGradient == null) {
                inputGradient = new ConvolutionInputGradient(OneDnn.cpu().get());
            }
            inputGradient.compute(plainC(epsilon), plainC(weights), dx, stride, before, after);
            Gradient unchanged = new DefaultGradient();
            if (hasBias()) {
                unchanged.setGradientFor(ConvolutionParamInitializer.BIAS_KEY,
                        gradientViews.get(ConvolutionParamInitializer.BIAS_KEY));
            }
            unchanged.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY,
                    gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY), 'c');
            return new Pair<>(unchanged, dx);
        }

        /** {@code a}, or a copy of it, in C order from offset 0 (oneDNN reads the buffer from its start). */
        private static INDArray plainC(INDArray a) {
            return a.ordering() == 'c' && a.offset() == 0 && Shape.hasDefaultStridesForShape(a) ? a : a.dup('c');
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray out = super.activate(training, workspaceMgr);
            last.set(training, layerConf().getActivationFn(), out);
            return out;
        }

        @Override
        protected Pair<INDArray, INDArray> preOutput4d(boolean training, boolean forBackprop,
                LayerWorkspaceMgr workspaceMgr) {
            INDArray z = forBackprop ? last.take() : null;
            // DL4J's built-in backward pass (no helper, or not single precision) needs the im2col buffer as well
            boolean helperRuns = helper instanceof MKLDNNConvHelper && helperCountFail == 0
                    && input.dataType() == DataType.FLOAT
                    && getParam(ConvolutionParamInitializer.WEIGHT_KEY).dataType() == DataType.FLOAT;
            return z != null && helperRuns ? last.reuse(z) : super.preOutput4d(training, forBackprop, workspaceMgr);
        }
    }

    static final class DeconvolutionImpl extends Deconvolution2DLayer {
        final LastOutput last = new LastOutput();

        DeconvolutionImpl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray out = super.activate(training, workspaceMgr);
            last.set(training, layerConf().getActivationFn(), out);
            return out;
        }

        @Override
        protected Pair<INDArray, INDArray> preOutput4d(boolean training, boolean forBackprop,
                LayerWorkspaceMgr workspaceMgr) {
            INDArray z = forBackprop ? last.take() : null;   // the backward pass uses z alone
            return z != null ? last.reuse(z) : super.preOutput4d(training, forBackprop, workspaceMgr);
        }
    }
}
