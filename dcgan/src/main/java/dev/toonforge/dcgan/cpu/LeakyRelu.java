package dev.toonforge.dcgan.cpu;

import java.nio.FloatBuffer;
import java.util.Collection;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A LeakyReLU layer (y = x for x > 0, slope * x otherwise) whose element-wise loops run in Java over ND4J's buffers.
 * ND4J's own LeakyReLU layer copies its input; this one reads and writes each value once.
 * Arrays other than plain single-precision ones go to DL4J's layer; CUDA builds do not get this layer
 * ({@link NetworkFactory}).
 */
final class LeakyRelu {

    /** Values per task: two blocks fit in the L2 cache, and arrays worth running in parallel make several blocks. */
    private static final int BLOCK = 16 * 1024;

    private LeakyRelu() {
    }

    static Conf conf(double slope) {
        return new Conf(slope);
    }

    /**
     * The slope at u: 1 where u's sign bit is clear, {@code slope} where it is set, computed from the bits without
     * a branch. On real data u > 0 is a coin toss, and a mispredicted branch per value costs more than everything
     * else in these loops.
     */
    static float slopeAt(float u, float oneMinusSlope) {
        return 1 - oneMinusSlope * (Float.floatToRawIntBits(u) >>> 31);
    }

    /** The negative slope of the LeakyReLU our layer configurations carry as their activation. */
    static double slope(IActivation activation) {
        return ((ActivationLReLU) activation).getAlpha();
    }

    /** Configuration: DL4J's activation layer with a LeakyReLU. */
    static final class Conf extends ActivationLayer {
        Conf(double slope) {
            super(new ActivationLReLU(slope));
        }


        @Override
        public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                Collection<TrainingListener> listeners, int index, INDArray paramsView, boolean initializeParams,
                DataType dataType) {
            return LayerWiring.wire(new Layer(conf, dataType), initializer(), conf, listeners, index, paramsView,
                    initializeParams);
        }
    }

    /** The network layer. */
    static final class Layer extends org.deeplearning4j.nn.layers.ActivationLayer
            implements TrainingOutputBuffer.Owner {
        private final TrainingOutputBuffer outputBuffer = new TrainingOutputBuffer();
        private long javaPasses;

        Layer(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        @Override
        public TrainingOutputBuffer outputBuffer() {
            return outputBuffer;
        }

        /** Forward passes computed here rather than by DL4J's layer (for tests). */
        long javaPasses() {
            return javaPasses;
        }

        private float oneMinusSlope() {
            return (float) (1 - slope(layerConf().getActivationFn()));
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(false);
            if (!FloatBuffers.isPlain(input)) {
                return super.activate(training, workspaceMgr);
            }
            javaPasses++;
            INDArray out = outputBuffer.array(workspaceMgr, training, input.shape());
            FloatBuffer x = FloatBuffers.of(input);
            FloatBuffer y = FloatBuffers.of(out);
            float oneMinusSlope = oneMinusSlope();
            forEachBlock(input.length(), (from, to, a, b) -> {
                x.get(from, a, 0, to - from);
                for (int i = 0; i < to - from; i++) {
                    a[i] *= slopeAt(a[i], oneMinusSlope);
                }
                y.put(from, a, 0, to - from);
            });
            return out;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            assertInputSet(true);
            if (!FloatBuffers.isPlain(input) || !FloatBuffers.isPlain(epsilon)) {
                return super.backpropGradient(epsilon, workspaceMgr);
            }
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
            FloatBuffer x = FloatBuffers.of(input);
            FloatBuffer dy = FloatBuffers.of(epsilon);
            FloatBuffer out = FloatBuffers.of(dx);
            float oneMinusSlope = oneMinusSlope();
            forEachBlock(input.length(), (from, to, a, b) -> {
                x.get(from, a, 0, to - from);
                dy.get(from, b, 0, to - from);
                for (int i = 0; i < to - from; i++) {
                    b[i] *= slopeAt(a[i], oneMinusSlope);
                }
                out.put(from, b, 0, to - from);
            });
            return new Pair<>(new DefaultGradient(), dx);
        }
    }

    private interface BlockWork {
        /** Values [from, to) with two work arrays of {@link #BLOCK} values. */
        void run(int from, int to, float[] a, float[] b);
    }

    private static final ThreadLocal<float[][]> WORK = ThreadLocal.withInitial(() -> new float[][] {
            new float[BLOCK], new float[BLOCK]});

    private static void forEachBlock(long length, BlockWork work) {
        int n = Math.toIntExact(length);
        KernelThreads.forEach((n + BLOCK - 1) / BLOCK, n, block -> {
            float[][] arrays = WORK.get();
            int from = block * BLOCK;
            work.run(from, Math.min(n, from + BLOCK), arrays[0], arrays[1]);
        });
    }
}
