package dev.toonforge.dcgan.cpu;

import java.util.Collection;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalization followed by a (leaky) ReLU, as one layer that computes both in one pass over the data.
 *
 * <p>DL4J 1.0.0-M2.1's batch norm (with its oneDNN helper) takes two separate reductions for the batch statistics
 * and a slow {@code batchnorm_bp}, and the activation layer after it costs as much again (docs/benchmarks.md,
 * "Training speed", sets both against PyTorch). Here each pass reads ND4J's arrays once, a channel at a time into a
 * work array in the cache, and writes
 * its result once: forward computes mean and variance, then the activated output; backward recomputes the
 * pre-activation's sign, makes the two per-channel sums, then the input gradient. See {@link NormActivationKernel}.
 *
 * <p>Parameters, their order, the running statistics (DL4J's log10-of-std form) and their "gradient" (the decay
 * step that the plain subtraction after the updater applies) are exactly DL4J's {@link BatchNormalization}'s, so
 * checkpoints are the same as with separate layers. The fused code runs on NCHW single-precision input; anything
 * else (the double-precision gradient check) takes DL4J's batch norm followed by ND4J's activation. CUDA builds do not
 * get this layer ({@link NetworkFactory}): its loops write host memory that ND4J would not copy to the card.
 */
final class NormActivation {

    private NormActivation() {
    }

    /** Batch norm with running-statistics decay {@code decay}, then max(u, 0) + slope * min(u, 0). */
    static Conf conf(double eps, double decay, double negativeSlope) {
        Conf conf = new Conf();
        conf.setEps(eps);
        conf.setDecay(decay);
        conf.setUseLogStd(true);
        conf.setActivationFn(new ActivationLReLU(negativeSlope));
        return conf;
    }

    /** The running variance from DL4J's stored form, log10(std): (10^log10(std))^2. */
    static float[] varianceFromLog10Std(float[] log10Std) {
        float[] variance = new float[log10Std.length];
        for (int c = 0; c < variance.length; c++) {
            double std = Math.pow(10, log10Std[c]);
            variance[c] = (float) (std * std);
        }
        return variance;
    }

    /** Configuration: DL4J's batch norm, whose activation (ignored by DL4J's layer) is the LeakyReLU applied here. */
    static final class Conf extends BatchNormalization {
        @Override
        public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                Collection<TrainingListener> listeners, int index, INDArray paramsView, boolean initializeParams,
                DataType dataType) {
            return LayerWiring.wire(new Layer(conf, dataType), initializer(), conf, listeners, index, paramsView,
                    initializeParams);
        }
    }

    /** The network layer. */
    static final class Layer extends org.deeplearning4j.nn.layers.normalization.BatchNormalization
            implements TrainingOutputBuffer.Owner {
        private final TrainingOutputBuffer outputBuffer = new TrainingOutputBuffer();
        /** Batch statistics of the last fused training pass, for the backward pass. */
        private NormActivationKernel.Statistics statistics;
        /** Normalized, not yet activated output of the last pass that went through DL4J's code. */
        private INDArray normalized;
        private long fusedPasses;

        Layer(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public TrainingOutputBuffer outputBuffer() {
            return outputBuffer;
        }

        /** Forward passes that took the fused code (for tests). */
        long fusedPasses() {
            return fusedPasses;
        }

        /** Otherwise DL4J's code runs (and reports a wrong channel count in its words). */
        private boolean fusable(INDArray x) {
            return x.rank() == 4 && x.size(1) == layerConf().getNOut()
                    && x.dataType() == DataType.FLOAT && dataType == DataType.FLOAT
                    && layerConf().getCnn2DFormat() == CNN2DFormat.NCHW && layerConf().isUseLogStd()
                    && !layerConf().isLockGammaBeta();
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            statistics = null;
            normalized = null;
            if (!fusable(input)) {
                INDArray z = super.activate(training, workspaceMgr);
                if (training) {   // kept for the backward pass, so outside the forward pass's workspace
                    try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                        normalized = z.dup();
                    }
                }
                return layerConf().getActivationFn().getActivation(z, training);
            }
            fusedPasses++;
            INDArray out = outputBuffer.array(workspaceMgr, training, input.shape());
            NormActivationKernel kernel = kernel();
            if (training) {
                statistics = kernel.forwardTraining(input, out);
            } else {
                kernel.forwardInference(input, runningMean(), runningVariance(), out);
            }
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            if (statistics == null) {
                if (normalized == null) {
                    throw new IllegalStateException("backward pass without a training forward pass " + layerId());
                }
                INDArray z = normalized;
                normalized = null;
                INDArray dz = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
                return super.backpropGradient(dz, workspaceMgr);
            }
            NormActivationKernel.Statistics s = statistics;
            statistics = null;
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
            NormActivationKernel.Sums sums = kernel().backward(input, epsilon, s, dx);

            Gradient gradient = new DefaultGradient();
            INDArray dGamma = gradientViews.get(BatchNormalizationParamInitializer.GAMMA);
            INDArray dBeta = gradientViews.get(BatchNormalizationParamInitializer.BETA);
            dGamma.assign(Nd4j.createFromArray(sums.gamma()).reshape(dGamma.shape()));
            dBeta.assign(Nd4j.createFromArray(sums.beta()).reshape(dBeta.shape()));
            gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGamma);
            gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBeta);
            runningStatisticsStep(s, gradient);
            return new Pair<>(gradient, dx);
        }

        /**
         * DL4J's update of the running statistics, written as a gradient that the subtraction after the updater
         * applies (the updater leaves these two alone): mean -= (1 - d)(mean - batchMean); log10(std) -= log10(std)
         * - log10(std'), with var' = d var + (1 - d) batchVar.
         */
        private void runningStatisticsStep(NormActivationKernel.Statistics s, Gradient gradient) {
            double decay = layerConf().getDecay();
            float[] mean = runningMean();
            float[] variance = runningVariance();
            float[] meanStep = new float[mean.length];
            float[] logStdStep = new float[mean.length];
            for (int c = 0; c < mean.length; c++) {
                meanStep[c] = (float) ((1 - decay) * (mean[c] - s.mean()[c]));
                double next = decay * variance[c] + (1 - decay) * s.variance()[c];
                logStdStep[c] = (float) (0.5 * Math.log10(variance[c] / next));
            }
            INDArray dMean = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            INDArray dLogStd = gradientViews.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
            dMean.assign(Nd4j.createFromArray(meanStep).reshape(dMean.shape()));
            dLogStd.assign(Nd4j.createFromArray(logStdStep).reshape(dLogStd.shape()));
            gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_MEAN, dMean);
            gradient.setGradientFor(BatchNormalizationParamInitializer.GLOBAL_LOG_STD, dLogStd);
        }

        private NormActivationKernel kernel() {
            return new NormActivationKernel(layerConf().getEps(), LeakyRelu.slope(layerConf().getActivationFn()),
                    floats(getParam(BatchNormalizationParamInitializer.GAMMA)),
                    floats(getParam(BatchNormalizationParamInitializer.BETA)));
        }

        private float[] runningMean() {
            return floats(getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
        }

        private float[] runningVariance() {
            return varianceFromLog10Std(floats(getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD)));
        }

        /** A parameter vector's values (a few hundred; element by element is cheaper than a copy op here). */
        private static float[] floats(INDArray a) {
            float[] values = new float[Math.toIntExact(a.length())];
            for (int i = 0; i < values.length; i++) {
                values[i] = a.getFloat(i);
            }
            return values;
        }
    }
}
