package dev.toonforge.dcgan;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static dev.toonforge.dcgan.OneDnn.any;
import static dev.toonforge.dcgan.OneDnn.longs;
import static dev.toonforge.dcgan.OneDnn.plain;

import java.util.Arrays;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolution's input gradient alone: oneDNN's backward-data primitive, kept for the last shape it ran on.
 *
 * <p>Where it is used: the generator's step backpropagates through the discriminator only for the gradient with
 * respect to D's input (the fake images); D's own weight gradients are thrown away. libnd4j's {@code conv2d_bp}, which
 * DL4J's oneDNN helper calls, always computes both, and the weight gradient is about half of a convolution's
 * backward pass (docs/benchmarks.md). PyTorch's reference computes them too; skipping them changes no number that is
 * used.
 *
 * <p>Plain NCHW in and out (the layers around it read and write ND4J's arrays); inside, oneDNN's preferred layouts
 * with reorders, as libnd4j does. Not thread-safe: one per layer, used by the training thread.
 */
final class ConvolutionInputGradient {

    private final engine engine;
    private final stream stream;
    private long[] key;
    private Kept kept;
    private long passes;

    ConvolutionInputGradient(engine engine) {
        this.engine = engine;
        this.stream = new stream(engine);
    }

    /** Passes computed here (for tests). */
    long passes() {
        return passes;
    }

    /**
     * Writes dL/dx into {@code inputGradient} ([n, ic, h, w], C order, offset 0).
     *
     * @param outputGradient dL/dz, [n, oc, oh, ow], C order, offset 0
     * @param weights        [oc, ic, kh, kw], C order, offset 0
     * @param padBefore      {top, left}
     * @param padAfter       {bottom, right}
     */
    void compute(INDArray outputGradient, INDArray weights, INDArray inputGradient, int[] stride, int[] padBefore,
                 int[] padAfter) {
        long[] k = key(inputGradient.shape(), weights.shape(), outputGradient.shape(), stride, padBefore, padAfter);
        if (!Arrays.equals(k, key)) {
            if (kept != null) {
                kept.close();
            }
            kept = new Kept(inputGradient.shape(), weights.shape(), outputGradient.shape(), stride, padBefore,
                    padAfter);
            key = k;
        }
        try (PointerScope scope = new PointerScope()) {
            kept.run(outputGradient, weights, inputGradient);
        }
        passes++;
    }

    private static long[] key(long[] in, long[] w, long[] out, int[] stride, int[] padBefore, int[] padAfter) {
        long[] key = new long[in.length + w.length + out.length + 6];
        int i = 0;
        for (long[] part : new long[][] {in, w, out}) {
            for (long v : part) {
                key[i++] = v;
            }
        }
        for (int[] part : new int[][] {stride, padBefore, padAfter}) {
            for (int v : part) {
                key[i++] = v;
            }
        }
        return key;
    }

    /** The primitive for one shape, and the reorders between ND4J's plain layout and the primitive's. */
    private final class Kept {
        private final memory.desc diffDstPlain;
        private final memory.desc weightsPlain;
        private final memory.desc diffSrcPlain;
        private final convolution_backward_data.primitive_desc pd;
        private final convolution_backward_data primitive;
        private final reorder diffDstIn;
        private final reorder weightsIn;
        private final reorder diffSrcOut;

        Kept(long[] in, long[] w, long[] out, int[] stride, int[] padBefore, int[] padAfter) {
            diffSrcPlain = plain(in, memory.format_tag.nchw);
            weightsPlain = plain(w, memory.format_tag.oihw);
            diffDstPlain = plain(out, memory.format_tag.nchw);
            long[] strides = longs(stride);
            long[] left = longs(padBefore);
            long[] right = longs(padAfter);
            // backward data needs a forward primitive descriptor as its "hint"
            convolution_forward.primitive_desc hint = new convolution_forward.primitive_desc(
                    new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct, any(in),
                            any(w), any(out), strides, left, right), engine);
            pd = new convolution_backward_data.primitive_desc(new convolution_backward_data.desc(
                    algorithm.convolution_direct, any(in), any(w), any(out), strides, left, right), engine, hint);
            primitive = new convolution_backward_data(pd);
            diffDstIn = pd.diff_dst_desc().equals(diffDstPlain) ? null : reorder(diffDstPlain, pd.diff_dst_desc());
            weightsIn = pd.weights_desc().equals(weightsPlain) ? null : reorder(weightsPlain, pd.weights_desc());
            diffSrcOut = pd.diff_src_desc().equals(diffSrcPlain) ? null : reorder(pd.diff_src_desc(), diffSrcPlain);
        }

        void run(INDArray outputGradient, INDArray weights, INDArray inputGradient) {
            memory diffDst = in(diffDstPlain, diffDstIn, pd.diff_dst_desc(), outputGradient);
            memory w = in(weightsPlain, weightsIn, pd.weights_desc(), weights);
            memory result = new memory(diffSrcPlain, engine, inputGradient.data().addressPointer());
            memory diffSrc = diffSrcOut == null ? result : new memory(pd.diff_src_desc(), engine);
            primitive.execute(stream, new IntMemoryMap().put(DNNL_ARG_DIFF_DST, diffDst).put(DNNL_ARG_WEIGHTS, w)
                    .put(DNNL_ARG_DIFF_SRC, diffSrc));
            if (diffSrcOut != null) {
                diffSrcOut.execute(stream, diffSrc, result);
            }
            stream._wait();
        }

        /** An ND4J array as oneDNN memory, reordered into the primitive's layout if it wants another. */
        private memory in(memory.desc plain, reorder reorder, memory.desc wanted, INDArray array) {
            memory user = new memory(plain, engine, array.data().addressPointer());
            if (reorder == null) {
                return user;
            }
            memory converted = new memory(wanted, engine);
            reorder.execute(stream, user, converted);
            return converted;
        }

        private reorder reorder(memory.desc from, memory.desc to) {
            return new reorder(new reorder.primitive_desc(engine, from, engine, to));
        }

        void close() {
            for (Pointer p : new Pointer[] {diffSrcOut, weightsIn, diffDstIn, primitive, pd}) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }
}
