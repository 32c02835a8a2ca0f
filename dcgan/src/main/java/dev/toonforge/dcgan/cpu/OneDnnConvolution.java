package dev.toonforge.dcgan.cpu;

import static dev.toonforge.dcgan.cpu.OneDnn.any;
import static dev.toonforge.dcgan.cpu.OneDnn.longs;
import static dev.toonforge.dcgan.cpu.OneDnn.plain;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.deconvolution_backward_data;
import org.bytedeco.dnnl.deconvolution_backward_weights;
import org.bytedeco.dnnl.deconvolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_desc;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A training convolution's or transposed convolution's three oneDNN primitives (forward, backward data, backward
 * weights), kept for the last geometry they ran on, with ND4J's plain NCHW arrays reordered into the layouts they
 * prefer and back.
 *
 * <p>Why: DL4J's convolution runs through its oneDNN helper and libnd4j's {@code conv2d}/{@code conv2d_bp}, which
 * always compute both gradients, where a step needs only D's input gradient when training G, and only the parameter
 * gradients of D's first layer when training D. Kept primitives also save what DL4J spends on every call outside
 * them, on reorders and fresh output arrays (docs/benchmarks.md, "Fifth pass"). The reordered copies live in
 * per-thread scratch buffers ({@link #scratch}). G's transposed convolutions go the same way: libnd4j's
 * {@code deconv2d}/{@code deconv2d_bp} build their primitives on every call and reorder into fresh arrays, where a
 * reorder into a kept buffer costs a fraction of that.
 *
 * <p>Not thread-safe: one per layer, used by the thread that trains.
 */
final class OneDnnConvolution {

    /**
     * Shapes and padding of one convolution or transposed convolution ({@code transposed}): what a kept set of
     * primitives is built for. {@code weights} are oneDNN's dims, {out, in, kernelH, kernelW}, for both; DL4J keeps a
     * transposed convolution's weights as [in, out, kernelH, kernelW] (oneDNN's {@code iohw} layout of those dims).
     */
    record Geometry(long[] input, long[] weights, long[] output, int[] stride, int[] padBefore, int[] padAfter,
                    boolean bias, boolean transposed) {
        boolean sameAs(Geometry o) {
            return o != null && Arrays.equals(input, o.input) && Arrays.equals(weights, o.weights)
                    && Arrays.equals(output, o.output) && Arrays.equals(stride, o.stride)
                    && Arrays.equals(padBefore, o.padBefore) && Arrays.equals(padAfter, o.padAfter) && bias == o.bias
                    && transposed == o.transposed;
        }
    }

    private final engine engine;
    private final stream stream;
    private Kept kept;
    private long forwardPasses;
    private long inputGradientOnlyPasses;

    OneDnnConvolution(engine engine) {
        this.engine = engine;
        this.stream = new stream(engine);
    }

    /** Forward passes computed here (for tests). */
    long forwardPasses() {
        return forwardPasses;
    }

    /** Backward passes that computed the input gradient alone (for tests). */
    long inputGradientOnlyPasses() {
        return inputGradientOnlyPasses;
    }

    /**
     * All arrays contiguous in C order; views qualify (oneDNN reads and writes from {@code data().addressPointer()},
     * the view's first element).
     */
    void forward(Geometry g, INDArray input, INDArray weights, INDArray bias, INDArray output) {
        Kept k = kept(g);
        try (PointerScope scope = new PointerScope()) {
            IntMemoryMap args = new IntMemoryMap().put(DNNL_ARG_SRC, k.in(k.src, input))
                    .put(DNNL_ARG_WEIGHTS, k.in(k.weights, weights));
            if (g.bias()) {
                args.put(DNNL_ARG_BIAS, k.wrap(k.biasPlain, bias));
            }
            k.out(k.dst, output, dst -> {
                args.put(DNNL_ARG_DST, dst);
                k.forwardPrimitive.execute(stream, args);
            });
            stream._wait();
        }
        forwardPasses++;
    }

    /**
     * The gradients a caller asks for: {@code inputGradient} null skips dL/dx, {@code weightGradient} null skips
     * dL/dW and dL/db (the bias gradient goes to {@code biasGradient}). All arrays contiguous in C order, as for
     * {@link #forward}; the parameter gradients may be views into the network's flat gradient array.
     */
    void backward(Geometry g, INDArray input, INDArray weights, INDArray outputGradient, INDArray inputGradient,
                  INDArray weightGradient, INDArray biasGradient) {
        Kept k = kept(g);
        try (PointerScope scope = new PointerScope()) {
            memory diffDst = k.in(k.diffDst, outputGradient);
            if (inputGradient != null) {
                memory w = k.in(k.weightsForData, weights);
                k.out(k.diffSrc, inputGradient, diffSrc ->
                        k.backwardDataPrimitive.execute(stream, new IntMemoryMap().put(DNNL_ARG_DIFF_DST, diffDst)
                                .put(DNNL_ARG_WEIGHTS, w).put(DNNL_ARG_DIFF_SRC, diffSrc)));
            }
            if (weightGradient != null) {
                memory diffDstW = k.diffDstForWeights.primitive().equals(k.diffDst.primitive()) ? diffDst
                        : k.in(k.diffDstForWeights, outputGradient);
                IntMemoryMap args = new IntMemoryMap().put(DNNL_ARG_SRC, k.in(k.srcForWeights, input))
                        .put(DNNL_ARG_DIFF_DST, diffDstW);
                if (g.bias()) {
                    args.put(DNNL_ARG_DIFF_BIAS, k.wrap(k.biasPlain, biasGradient));
                }
                k.out(k.diffWeights, weightGradient, diffWeights -> {
                    args.put(DNNL_ARG_DIFF_WEIGHTS, diffWeights);
                    k.backwardWeightsPrimitive.execute(stream, args);
                });
            } else {
                inputGradientOnlyPasses++;
            }
            stream._wait();
        }
    }

    private Kept kept(Geometry g) {
        if (kept == null || !kept.geometry.sameAs(g)) {
            if (kept != null) {
                kept.close();
            }
            kept = new Kept(g);
        }
        return kept;
    }

    /** The scratch buffers one pass uses at the same time, by role. */
    private enum Slot { SRC, WEIGHTS, DST, SECOND_SRC, SECOND_WEIGHTS, SECOND_DST }

    /**
     * Per training thread, one buffer per {@link Slot}, grown to the largest layer's need and kept: the primitives'
     * layouts differ from ND4J's, and fresh buffers for the reordered copies cost their page faults on every call,
     * about as much as kept primitives save. Shared by all layers, so what they hold is the largest layer's few
     * arrays, not every layer's.
     */
    private static final ThreadLocal<BytePointer[]> SCRATCH =
            ThreadLocal.withInitial(() -> new BytePointer[Slot.values().length]);

    private memory scratch(Slot slot, memory.desc desc) {
        BytePointer[] buffers = SCRATCH.get();
        long size = desc.get_size();
        BytePointer buffer = buffers[slot.ordinal()];
        if (buffer == null || buffer.capacity() - buffer.position() < size) {
            if (buffer != null) {
                buffer.releaseReference();   // the reference taken below: frees it
            }
            buffer = OneDnn.alignedBuffer(size);
            buffer.retainReference();   // outlives the pass's PointerScope, which releases it once
            buffers[slot.ordinal()] = buffer;
        }
        return new memory(desc, engine, buffer);
    }

    /**
     * One array's way between ND4J's plain layout and the layout a primitive uses: the reorder (null where they are
     * the same), made once per geometry, and the scratch slot for the reordered copy.
     */
    private record Conversion(memory.desc plain, memory.desc primitive, reorder reorder, Slot slot) {
    }

    /** The primitives for one geometry, and the conversions of each array they read or write. */
    private final class Kept {
        final Geometry geometry;
        final memory.desc biasPlain;
        final primitive forwardPrimitive;
        final primitive backwardDataPrimitive;
        final primitive backwardWeightsPrimitive;
        final Conversion src;
        final Conversion weights;
        final Conversion dst;
        final Conversion diffDst;
        final Conversion weightsForData;
        final Conversion diffSrc;
        final Conversion srcForWeights;
        final Conversion diffDstForWeights;
        final Conversion diffWeights;
        private final List<Pointer> resources = new ArrayList<>();

        Kept(Geometry g) {
            geometry = g;
            memory.desc srcPlain = plain(g.input(), memory.format_tag.nchw);
            memory.desc weightsPlain = plain(g.weights(), g.transposed() ? memory.format_tag.iohw : memory.format_tag.oihw);
            memory.desc dstPlain = plain(g.output(), memory.format_tag.nchw);
            biasPlain = plain(new long[] {g.weights()[0]}, memory.format_tag.x);
            primitive_desc forward;
            primitive_desc backwardData;
            primitive_desc backwardWeights;
            if (g.transposed()) {
                deconvolution_forward.primitive_desc f = keep(new deconvolution_forward.primitive_desc(
                        new deconvolution_forward.desc(prop_kind.forward_training, algorithm.deconvolution_direct,
                                any(g.input()), any(g.weights()), bias(g), any(g.output()), strides(g), left(g),
                                right(g)), engine));
                forward = f;
                forwardPrimitive = keep(new deconvolution_forward(f));
                deconvolution_backward_data.primitive_desc d = keep(new deconvolution_backward_data.primitive_desc(
                        new deconvolution_backward_data.desc(algorithm.deconvolution_direct, any(g.input()),
                                any(g.weights()), any(g.output()), strides(g), left(g), right(g)), engine, f));
                backwardData = d;
                backwardDataPrimitive = keep(new deconvolution_backward_data(d));
                deconvolution_backward_weights.primitive_desc w = keep(
                        new deconvolution_backward_weights.primitive_desc(new deconvolution_backward_weights.desc(
                                algorithm.deconvolution_direct, any(g.input()), any(g.weights()), bias(g),
                                any(g.output()), strides(g), left(g), right(g)), engine, f));
                backwardWeights = w;
                backwardWeightsPrimitive = keep(new deconvolution_backward_weights(w));
            } else {
                convolution_forward.primitive_desc f = keep(new convolution_forward.primitive_desc(
                        new convolution_forward.desc(prop_kind.forward_training, algorithm.convolution_direct,
                                any(g.input()), any(g.weights()), bias(g), any(g.output()), strides(g), left(g),
                                right(g)), engine));
                forward = f;
                forwardPrimitive = keep(new convolution_forward(f));
                convolution_backward_data.primitive_desc d = keep(new convolution_backward_data.primitive_desc(
                        new convolution_backward_data.desc(algorithm.convolution_direct, any(g.input()),
                                any(g.weights()), any(g.output()), strides(g), left(g), right(g)), engine, f));
                backwardData = d;
                backwardDataPrimitive = keep(new convolution_backward_data(d));
                convolution_backward_weights.primitive_desc w = keep(
                        new convolution_backward_weights.primitive_desc(new convolution_backward_weights.desc(
                                algorithm.convolution_direct, any(g.input()), any(g.weights()), bias(g),
                                any(g.output()), strides(g), left(g), right(g)), engine, f));
                backwardWeights = w;
                backwardWeightsPrimitive = keep(new convolution_backward_weights(w));
            }
            src = toPrimitive(srcPlain, forward.src_desc(), Slot.SRC);
            weights = toPrimitive(weightsPlain, forward.weights_desc(), Slot.WEIGHTS);
            dst = fromPrimitive(forward.dst_desc(), dstPlain, Slot.DST);
            diffDst = toPrimitive(dstPlain, backwardData.diff_dst_desc(), Slot.DST);
            weightsForData = toPrimitive(weightsPlain, backwardData.weights_desc(), Slot.WEIGHTS);
            diffSrc = fromPrimitive(backwardData.diff_src_desc(), srcPlain, Slot.SRC);
            srcForWeights = toPrimitive(srcPlain, backwardWeights.src_desc(), Slot.SECOND_SRC);
            diffDstForWeights = toPrimitive(dstPlain, backwardWeights.diff_dst_desc(), Slot.SECOND_DST);
            diffWeights = fromPrimitive(backwardWeights.diff_weights_desc(), weightsPlain, Slot.SECOND_WEIGHTS);
        }

        private memory.desc bias(Geometry g) {
            return g.bias() ? biasPlain : new memory.desc();
        }

        private static long[] strides(Geometry g) {
            return longs(g.stride());
        }

        private static long[] left(Geometry g) {
            return longs(g.padBefore());
        }

        private static long[] right(Geometry g) {
            return longs(g.padAfter());
        }

        private Conversion toPrimitive(memory.desc plain, memory.desc primitive, Slot slot) {
            return new Conversion(plain, primitive, plain.equals(primitive) ? null : reorder(plain, primitive), slot);
        }

        private Conversion fromPrimitive(memory.desc primitive, memory.desc plain, Slot slot) {
            return new Conversion(plain, primitive, plain.equals(primitive) ? null : reorder(primitive, plain), slot);
        }

        private reorder reorder(memory.desc from, memory.desc to) {
            return keep(new reorder(new reorder.primitive_desc(engine, from, engine, to)));
        }

        private <T extends Pointer> T keep(T p) {
            resources.add(p);
            return p;
        }

        /** An ND4J array as oneDNN memory of layout {@code plain}. */
        memory wrap(memory.desc plain, INDArray array) {
            return new memory(plain, engine, array.data().addressPointer());
        }

        /** An ND4J array as memory in the primitive's layout: itself, or a reordered copy in scratch. */
        memory in(Conversion c, INDArray array) {
            memory user = wrap(c.plain(), array);
            if (c.reorder() == null) {
                return user;
            }
            memory converted = scratch(c.slot(), c.primitive());
            c.reorder().execute(stream, user, converted);
            return converted;
        }

        /** Lets {@code writer} fill memory in the primitive's layout, ending up in the plain ND4J array. */
        void out(Conversion c, INDArray array, Consumer<memory> writer) {
            memory user = wrap(c.plain(), array);
            if (c.reorder() == null) {
                writer.accept(user);
                return;
            }
            memory result = scratch(c.slot(), c.primitive());
            writer.accept(result);
            c.reorder().execute(stream, result, user);
        }

        void close() {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).close();
            }
        }
    }
}
