package dev.toonforge.dcgan.cpu;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;

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
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Convolution and transposed-convolution layers that do not run their forward pass a second time in the backward
 * pass.
 *
 * <p>Deeplearning4j 1.0.0-M2.1's {@code ConvolutionLayer} and {@code Deconvolution2DLayer} recompute the
 * convolution in {@code backpropGradient} to get the pre-activation z for the activation's derivative (DL4J caches z
 * only inside its own workspace-managed {@code fit}, which the GAN step does not use). Every convolution here has
 * the identity activation (batch norm and LeakyReLU are layers of their own), whose derivative looks at z's shape
 * only. So that second convolution is wasted work. These layers remember the output of their last training forward
 * pass and hand it back as z.
 *
 * <p>They fall back to DL4J's recomputation whenever z's values or its im2col buffer could matter: another
 * activation, an inference pass in between, an output in a workspace, or (for the convolution) no oneDNN helper or a
 * precision oneDNN does not take, where DL4J's built-in backward pass needs the im2col buffer. The convolution's
 * helper may not fall back to the built-in code in the backward pass (it would need that buffer), so a oneDNN failure
 * is reported instead of hidden.
 *
 * <p>In CPU builds both layers go further ({@link NetworkFactory.Layers#oneDnnConvolutions()}): their training passes
 * run through {@link OneDnnConvolution}, and a convolution's pass computes only the gradients asked for
 * ({@link #inputGradientOnly}, {@link #noInputGradient}). Inference passes of a transposed convolution (the
 * generator's DL4J fallback, on request threads) stay with DL4J.
 */
public final class ConvolutionLayers {

    private ConvolutionLayers() {
    }

    /**
     * The layer {@code builder} describes, built as a {@link Convolution}; {@code oneDnn}: its training passes through
     * {@link OneDnnConvolution} (CPU builds) instead of DL4J's helper.
     */
    static ConvolutionLayer convolution(ConvolutionLayer.Builder builder, boolean oneDnn) {
        builder.cudnnAllowFallback(false).build();   // DL4J's validation of the settings
        return new Convolution(builder, oneDnn);
    }

    /**
     * The layer {@code builder} describes, built as a {@link Deconvolution}; {@code oneDnn}: its training passes
     * through {@link OneDnnConvolution} (CPU builds) instead of libnd4j's {@code deconv2d}.
     */
    static Deconvolution2D deconvolution(Deconvolution2D.Builder builder, boolean oneDnn) {
        builder.build();
        return new Deconvolution(builder, oneDnn);
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

    /**
     * What both layers need for a pass through {@link OneDnnConvolution} (each adds its padding mode): a CPU build
     * with oneDNN loaded, a single-precision NCHW input with the layer's channel count, the identity activation, no
     * dropout, weight noise or dilation.
     */
    private static boolean oneDnnTakes(ConvolutionLayer conf, DataType layerType, INDArray x) {
        return OneDnn.cpu().isPresent() && x != null && x.rank() == 4 && x.size(1) == conf.getNIn()
                && x.dataType() == DataType.FLOAT && layerType == DataType.FLOAT
                && conf.getCnn2dDataFormat() == CNN2DFormat.NCHW && conf.getActivationFn() instanceof ActivationIdentity
                && conf.getIDropout() == null && conf.getWeightNoise() == null
                && Arrays.equals(conf.getDilation(), new int[] {1, 1});
    }

    /**
     * {@code oneDnn}'s forward pass into {@code out} with the layer's {@code params} (the same keys for transposed
     * convolutions: DeconvolutionParamInitializer extends ConvolutionParamInitializer).
     */
    private static void forward(OneDnnConvolution oneDnn, OneDnnConvolution.Geometry g, INDArray input,
            Map<String, INDArray> params, INDArray out) {
        oneDnn.forward(g, plainC(input), plainC(params.get(ConvolutionParamInitializer.WEIGHT_KEY)),
                g.bias() ? plainC(params.get(ConvolutionParamInitializer.BIAS_KEY)) : null, out);
    }

    /**
     * {@code oneDnn}'s backward pass: the input gradient into {@code dx} (null: skipped) and, if {@code parameters},
     * the parameter gradients into the layer's gradient {@code views} (they live in the network's flat gradient array
     * and are written in place where they are contiguous). Returns the layer's gradient: those views.
     */
    private static Gradient backward(OneDnnConvolution oneDnn, OneDnnConvolution.Geometry g, INDArray input,
            INDArray weights, INDArray epsilon, INDArray dx, Map<String, INDArray> views, boolean parameters) {
        // the same keys for transposed convolutions (DeconvolutionParamInitializer extends this one)
        INDArray weightGradient = views.get(ConvolutionParamInitializer.WEIGHT_KEY);
        INDArray biasGradient = g.bias() ? views.get(ConvolutionParamInitializer.BIAS_KEY) : null;
        INDArray w = plainC(weights);
        INDArray dy = plainC(epsilon);
        if (!parameters) {
            oneDnn.backward(g, input, w, dy, dx, null, null);   // the input is not read
        } else if (isPlainC(weightGradient) && (biasGradient == null || isPlainC(biasGradient))) {
            oneDnn.backward(g, plainC(input), w, dy, dx, weightGradient, biasGradient);
        } else {
            try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray dw = Nd4j.createUninitialized(DataType.FLOAT, weightGradient.shape(), 'c');
                INDArray db = g.bias() ? Nd4j.createUninitialized(DataType.FLOAT, g.weights()[0]) : null;
                oneDnn.backward(g, plainC(input), w, dy, dx, dw, db);
                weightGradient.assign(dw);
                if (db != null) {
                    biasGradient.assign(db.reshape(biasGradient.shape()));
                }
            }
        }
        Gradient gradient = new DefaultGradient();
        if (biasGradient != null) {
            gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGradient);
        }
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradient, 'c');
        return gradient;
    }

    /**
     * {@code a}, or a copy of it, contiguous in C order. A view into a larger buffer (a parameter of the network's flat
     * array) qualifies: its buffer's address is that of its first element.
     */
    private static INDArray plainC(INDArray a) {
        return isPlainC(a) ? a : a.dup('c');
    }

    private static boolean isPlainC(INDArray a) {
        // a view's buffer starts at its first element (offset > 0), or is its parent's, which starts there (offset 0)
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a)
                && (a.offset() == 0 || a.data().length() == a.length());
    }

    /** Configuration of a convolution layer whose network layer is {@link ConvolutionImpl}. */
    static final class Convolution extends ConvolutionLayer {
        private final boolean oneDnn;

        Convolution(ConvolutionLayer.Builder builder, boolean oneDnn) {
            super(builder);
            this.oneDnn = oneDnn;
        }

        boolean oneDnn() {
            return oneDnn;
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
        private final boolean oneDnn;

        Deconvolution(Deconvolution2D.Builder builder, boolean oneDnn) {
            super(builder);
            this.oneDnn = oneDnn;
        }

        boolean oneDnn() {
            return oneDnn;
        }

        @Override
        public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                Collection<TrainingListener> listeners, int index, INDArray paramsView, boolean initializeParams,
                DataType dataType) {
            return LayerWiring.wire(new DeconvolutionImpl(conf, dataType), initializer(), conf, listeners, index,
                    paramsView, initializeParams);
        }
    }

    /** Which gradients a convolution's backward pass computes. */
    enum Gradients { ALL, INPUT_ONLY, PARAMETERS_ONLY }

    /**
     * Makes the network's convolutions compute only their input gradient in backward passes, or everything again
     * ({@link Gradients#ALL}). For a pass whose parameter gradients are thrown away: the generator's step through D.
     */
    public static void inputGradientOnly(MultiLayerNetwork network, boolean on) {
        for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
            if (layer instanceof ConvolutionImpl c) {
                c.wanted = on ? Gradients.INPUT_ONLY : Gradients.ALL;
            }
        }
    }

    /**
     * Makes the network's first layer, if it is one of our oneDNN convolutions, skip its input gradient ({@code on}):
     * for passes whose gradient with respect to the network's input nobody uses (D on real or detached fake images).
     * The network's backward pass then returns no input gradient.
     */
    public static void noInputGradient(MultiLayerNetwork network, boolean on) {
        if (network.getLayer(0) instanceof ConvolutionImpl c) {
            c.wanted = on ? Gradients.PARAMETERS_ONLY : Gradients.ALL;
        }
    }

    static final class ConvolutionImpl extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer
            implements TrainingOutputBuffer.Owner {
        final LastOutput last = new LastOutput();
        private final TrainingOutputBuffer outputBuffer = new TrainingOutputBuffer();
        private Gradients wanted = Gradients.ALL;
        private OneDnnConvolution oneDnn;

        ConvolutionImpl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public TrainingOutputBuffer outputBuffer() {
            return outputBuffer;
        }

        /** Forward passes through {@link OneDnnConvolution} (for tests). */
        long oneDnnForwardPasses() {
            return oneDnn == null ? 0 : oneDnn.forwardPasses();
        }

        /** Backward passes that computed the input gradient alone (for tests). */
        long inputGradientOnlyPasses() {
            return oneDnn == null ? 0 : oneDnn.inputGradientOnlyPasses();
        }

        /** Whether this pass can go through {@link OneDnnConvolution}: single-precision NCHW, no dilation, etc. */
        private boolean oneDnnRuns(INDArray x) {
            ConvolutionLayer conf = layerConf();
            return conf instanceof Convolution c && c.oneDnn() && oneDnnTakes(conf, dataType, x)
                    && conf.getConvolutionMode() != ConvolutionMode.Causal;
        }

        /** Input, weights, output shapes and padding as DL4J computes them ("same": the odd row or column at the end). */
        private OneDnnConvolution.Geometry geometry() {
            ConvolutionLayer conf = layerConf();
            int[] kernel = conf.getKernelSize();
            int[] stride = conf.getStride();
            int[] in = {(int) input.size(2), (int) input.size(3)};
            int[] before = conf.getPadding().clone();
            int[] after = conf.getPadding().clone();
            int[] out = new int[2];
            for (int d = 0; d < 2; d++) {
                if (conf.getConvolutionMode() == ConvolutionMode.Same) {
                    out[d] = (in[d] + stride[d] - 1) / stride[d];
                    int total = Math.max(0, (out[d] - 1) * stride[d] + kernel[d] - in[d]);
                    before[d] = total / 2;
                    after[d] = total - before[d];
                } else {
                    out[d] = (in[d] + before[d] + after[d] - kernel[d]) / stride[d] + 1;
                }
            }
            long n = input.size(0);
            long oc = conf.getNOut();
            return new OneDnnConvolution.Geometry(input.shape(), new long[] {oc, conf.getNIn(), kernel[0], kernel[1]},
                    new long[] {n, oc, out[0], out[1]}, stride, before, after, hasBias(), false);
        }

        private OneDnnConvolution oneDnn() {
            if (oneDnn == null) {
                oneDnn = new OneDnnConvolution(OneDnn.cpu().orElseThrow());
            }
            return oneDnn;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray out;
            if (oneDnnRuns(input)) {
                OneDnnConvolution.Geometry g = geometry();
                out = outputBuffer.array(workspaceMgr, training, g.output());
                forward(oneDnn(), g, input, paramTable(), out);
            } else {
                out = super.activate(training, workspaceMgr);
            }
            last.set(training, layerConf().getActivationFn(), out);
            return out;
        }

        /**
         * The gradients {@link #wanted}, through {@link OneDnnConvolution}: parameter gradients written into this
         * layer's gradient views, the input gradient returned. Otherwise DL4J's backward pass, which computes all.
         */
        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            if (!oneDnnRuns(input) || epsilon.dataType() != DataType.FLOAT) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            last.take();   // not needed: the identity's derivative
            OneDnnConvolution.Geometry g = geometry();
            INDArray dx = wanted == Gradients.PARAMETERS_ONLY ? null
                    : workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, g.input(), 'c');
            Gradient gradient = backward(oneDnn(), g, input, getParam(ConvolutionParamInitializer.WEIGHT_KEY), epsilon,
                    dx, gradientViews, wanted != Gradients.INPUT_ONLY);
            return new Pair<>(gradient, dx);
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

    static final class DeconvolutionImpl extends Deconvolution2DLayer implements TrainingOutputBuffer.Owner {
        final LastOutput last = new LastOutput();
        private final TrainingOutputBuffer outputBuffer = new TrainingOutputBuffer();
        private OneDnnConvolution oneDnn;

        DeconvolutionImpl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public TrainingOutputBuffer outputBuffer() {
            return outputBuffer;
        }

        /** Forward passes through {@link OneDnnConvolution} (for tests). */
        long oneDnnForwardPasses() {
            return oneDnn == null ? 0 : oneDnn.forwardPasses();
        }

        /** Whether this pass can go through {@link OneDnnConvolution}: explicit padding, single-precision NCHW. */
        private boolean oneDnnRuns(INDArray x) {
            Deconvolution2D conf = (Deconvolution2D) layerConf();
            return conf instanceof Deconvolution d && d.oneDnn() && oneDnnTakes(conf, dataType, x)
                    && (conf.getConvolutionMode() == ConvolutionMode.Truncate
                            || conf.getConvolutionMode() == ConvolutionMode.Strict);
        }

        /** DL4J's output size for explicit padding: (in - 1) * stride + kernel - 2 * padding. */
        private OneDnnConvolution.Geometry geometry() {
            Deconvolution2D conf = (Deconvolution2D) layerConf();
            int[] kernel = conf.getKernelSize();
            int[] stride = conf.getStride();
            int[] padding = conf.getPadding();
            long n = input.size(0);
            long oc = conf.getNOut();
            long[] out = {n, oc, 0, 0};
            for (int d = 0; d < 2; d++) {
                out[2 + d] = (input.size(2 + d) - 1) * stride[d] + kernel[d] - 2L * padding[d];
            }
            return new OneDnnConvolution.Geometry(input.shape(), new long[] {oc, conf.getNIn(), kernel[0], kernel[1]},
                    out, stride, padding.clone(), padding.clone(), hasBias(), true);
        }

        private OneDnnConvolution oneDnn() {
            if (oneDnn == null) {
                oneDnn = new OneDnnConvolution(OneDnn.cpu().orElseThrow());
            }
            return oneDnn;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray out;
            if (training && oneDnnRuns(input)) {
                OneDnnConvolution.Geometry g = geometry();
                out = outputBuffer.array(workspaceMgr, true, g.output());
                forward(oneDnn(), g, input, paramTable(), out);
            } else {
                out = super.activate(training, workspaceMgr);
            }
            last.set(training, layerConf().getActivationFn(), out);
            return out;
        }

        /** Both gradients through {@link OneDnnConvolution} (G's layers all need their input gradient). */
        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            if (!oneDnnRuns(input) || epsilon.dataType() != DataType.FLOAT) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            last.take();   // not needed: the identity's derivative
            OneDnnConvolution.Geometry g = geometry();
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, g.input(), 'c');
            Gradient gradient = backward(oneDnn(), g, input, getParam(ConvolutionParamInitializer.WEIGHT_KEY), epsilon,
                    dx, gradientViews, true);
            return new Pair<>(gradient, dx);
        }

        @Override
        protected Pair<INDArray, INDArray> preOutput4d(boolean training, boolean forBackprop,
                LayerWorkspaceMgr workspaceMgr) {
            INDArray z = forBackprop ? last.take() : null;   // the backward pass uses z alone
            return z != null ? last.reuse(z) : super.preOutput4d(training, forBackprop, workspaceMgr);
        }
    }
}
