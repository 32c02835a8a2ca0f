package dev.toonforge.dcgan.cpu;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_0;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static dev.toonforge.dcgan.cpu.OneDnn.any;
import static dev.toonforge.dcgan.cpu.OneDnn.longs;
import static dev.toonforge.dcgan.cpu.OneDnn.plain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.deconvolution_forward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl.algorithm;
import org.bytedeco.dnnl.global.dnnl.prop_kind;
import org.bytedeco.dnnl.inner_product_forward;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a {@link FoldedGenerator} with oneDNN primitives that are built once per batch size and kept, with the
 * weights reordered once into the layout each primitive wants.
 *
 * <p>Why: DL4J's generator pass goes through libnd4j, which builds its oneDNN primitives anew on every call and
 * reorders every transposed convolution's weights each time; at small batches that overhead is most of the pass
 * (docs/benchmarks.md, "Fourth pass"). Batch norm is folded into the weights; the dense layer takes its bias and
 * activation as its
 * own, and each transposed convolution is followed by a bias add and an activation in place ({@link #epilogue}).
 * Activations stay in oneDNN's blocked layouts from the first transposed convolution to the last.
 *
 * <p>Not thread-safe in itself: {@link #generate} is synchronized (the primitives are shared; the activations of a
 * pass are its own, allocated per call and freed at its end).
 */
public final class OneDnnGenerator {

    /** Plans kept, most recently used first; the sampler's batches vary between 1 and its maximum batch size. */
    private static final int MAX_PLANS = 8;

    private FoldedGenerator folded;
    private final engine engine;
    private final stream stream;
    /** Each layer's weights in the layouts its primitives have asked for so far. */
    private final List<List<Reordered>> reorderedWeights = new ArrayList<>();
    /** The weights' buffers and memory objects: freed by {@link #close()}. */
    private final List<Pointer> weightResources = new ArrayList<>();
    private final Map<Integer, Plan> plans = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Plan> eldest) {
            if (size() > MAX_PLANS) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };
    private long passes;
    private boolean closed;

    public OneDnnGenerator(FoldedGenerator folded, engine engine) {
        this.folded = folded;
        this.engine = engine;
        this.stream = new stream(engine);
        for (int i = 0; i < folded.steps().size(); i++) {
            reorderedWeights.add(new ArrayList<>());
        }
    }

    /** Passes run (for tests). */
    public synchronized long passes() {
        return passes;
    }

    /** Whether {@link #close()} has freed this generator's primitives and weights (for tests). */
    synchronized boolean isClosed() {
        return closed;
    }

    /** Images in [-1, 1], [n, channels, height, width], for z of shape [n, noiseSize] (checked by the caller). */
    public synchronized INDArray generate(INDArray z) {
        if (closed) {
            throw new IllegalStateException("this generator's oneDNN primitives have been freed");
        }
        int n = Math.toIntExact(z.size(0));
        Plan plan = plans.computeIfAbsent(n, this::plan);
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray input = z.castTo(DataType.FLOAT).dup('c');   // offset 0, C order: read in place below
            INDArray output = Nd4j.createUninitialized(DataType.FLOAT, plan.outputShape(), 'c');
            try (PointerScope scope = new PointerScope()) {   // this pass's activations and argument maps
                plan.run(input, output);
            }
            passes++;
            return output;
        }
    }

    /**
     * Takes new weights of the same network (a live generator's after training): each layer's weights are reordered
     * into the layouts kept for them and the biases rewritten in place; the primitives, which depend only on the shapes,
     * stay. Building them (oneDNN generates their code) costs far more than a pass at small batches.
     *
     * @return false, changing nothing, when {@code next} is not a network of the same layers and shapes
     */
    public synchronized boolean refresh(FoldedGenerator next) {
        if (closed) {
            throw new IllegalStateException("this generator's oneDNN primitives have been freed");
        }
        if (!sameShapes(folded, next)) {
            return false;
        }
        folded = next;
        for (int layer = 0; layer < reorderedWeights.size(); layer++) {
            for (Reordered r : reorderedWeights.get(layer)) {
                reorderWeights(layer, r.dims(), r.dl4jLayout(), r.memory());
            }
        }
        for (Plan plan : plans.values()) {
            for (int i = 0; i < plan.stages.size(); i++) {
                new FloatPointer(plan.stages.get(i).bias().get_data_handle()).put(folded.steps().get(i).bias());
            }
        }
        return true;
    }

    private static boolean sameShapes(FoldedGenerator a, FoldedGenerator b) {
        if (a.noiseSize() != b.noiseSize() || a.steps().size() != b.steps().size()) {
            return false;
        }
        for (int i = 0; i < a.steps().size(); i++) {
            FoldedGenerator.Step x = a.steps().get(i);
            FoldedGenerator.Step y = b.steps().get(i);
            if (x.getClass() != y.getClass() || x.weights().length != y.weights().length
                    || x.bias().length != y.bias().length) {
                return false;
            }
            if (x instanceof FoldedGenerator.TransposedConvolution t && y instanceof FoldedGenerator.TransposedConvolution u
                    && (t.in() != u.in() || t.out() != u.out() || !java.util.Arrays.equals(t.kernel(), u.kernel())
                    || !java.util.Arrays.equals(t.stride(), u.stride())
                    || !java.util.Arrays.equals(t.padBefore(), u.padBefore())
                    || !java.util.Arrays.equals(t.padAfter(), u.padAfter()))) {
                return false;
            }
            if (x instanceof FoldedGenerator.FullyConnected f && y instanceof FoldedGenerator.FullyConnected g
                    && (f.in() != g.in() || f.out() != g.out() || !java.util.Arrays.equals(f.reshape(), g.reshape()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Frees the primitives and the weights now rather than when the garbage collector finds them (the weights'
     * buffers are counted by JavaCPP either way, so an unclosed generator still triggers a collection when memory runs
     * short). A live {@link dev.toonforge.dcgan.Generator} keeps one and hands it each new fold ({@link #refresh}); it
     * closes it when a fold cannot be refreshed into it.
     */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        plans.values().forEach(Plan::close);
        plans.clear();
        for (int i = weightResources.size() - 1; i >= 0; i--) {
            weightResources.get(i).close();
        }
        weightResources.clear();
        stream.close();
    }

    /**
     * One layer: its primitive and weights; {@code readAs}: the flat output of the layer before, read as these
     * [n, c, h, w] dims (the same bytes); {@code reorderIn}: from the layer before's layout into {@code src}, or null;
     * {@code epilogue}: bias and activation as primitives of their own, in place (see {@link #epilogue}), or null.
     */
    private record Stage(primitive primitive, memory.desc src, memory.desc dst, memory weights, memory bias,
                         long[] readAs, reorder reorderIn, Epilogue epilogue) {
    }

    /** x += bias[channel], then the activation (or null), both in place. */
    private record Epilogue(primitive biasAdd, primitive activation) {
    }

    /** A batch size's primitives, in order, and the reorder of the last output into plain NCHW if it needs one. */
    private final class Plan {
        private final memory.desc input;
        private final List<Stage> stages;
        private final long[] outputShape;
        private final reorder reorderOut;
        /** Everything made for this plan alone (primitives, biases): freed by {@link #close()}. */
        private final List<Pointer> resources;

        Plan(memory.desc input, List<Stage> stages, long[] outputShape, reorder reorderOut, List<Pointer> resources) {
            this.input = input;
            this.stages = stages;
            this.outputShape = outputShape;
            this.reorderOut = reorderOut;
            this.resources = resources;
        }

        void close() {
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).close();
            }
        }

        long[] outputShape() {
            return outputShape;
        }

        /** One pass; the memory objects made here belong to the caller's {@link PointerScope}. */
        void run(INDArray z, INDArray out) {
            memory current = new memory(input, engine, z.data().addressPointer());
            for (int i = 0; i < stages.size(); i++) {
                Stage stage = stages.get(i);
                if (stage.readAs() != null) {
                    current = new memory(plain(stage.readAs(), memory.format_tag.nchw), engine,
                            current.get_data_handle());
                }
                if (stage.reorderIn() != null) {
                    memory reordered = new memory(stage.src(), engine);
                    stage.reorderIn().execute(stream, current, reordered);
                    current = reordered;
                }
                memory dst = i == stages.size() - 1 && reorderOut == null ? output(stage.dst(), out)
                        : new memory(stage.dst(), engine);
                IntMemoryMap args = new IntMemoryMap().put(DNNL_ARG_SRC, current)
                        .put(DNNL_ARG_WEIGHTS, stage.weights()).put(DNNL_ARG_DST, dst);
                if (stage.epilogue() == null) {
                    args.put(DNNL_ARG_BIAS, stage.bias());
                }
                stage.primitive().execute(stream, args);
                if (stage.epilogue() != null) {
                    stage.epilogue().biasAdd().execute(stream, new IntMemoryMap().put(DNNL_ARG_SRC_0, dst)
                            .put(DNNL_ARG_SRC_1, stage.bias()).put(DNNL_ARG_DST, dst));
                    if (stage.epilogue().activation() != null) {
                        stage.epilogue().activation().execute(stream,
                                new IntMemoryMap().put(DNNL_ARG_SRC, dst).put(DNNL_ARG_DST, dst));
                    }
                }
                current = dst;
            }
            if (reorderOut != null) {
                memory result = output(plain(outputShape, memory.format_tag.nchw), out);
                reorderOut.execute(stream, current, result);
            }
            stream._wait();
        }

        private memory output(memory.desc desc, INDArray out) {
            return new memory(desc, engine, out.data().addressPointer());
        }
    }

    /**
     * The primitives for batch size n. Each layer's output is left in whatever layout oneDNN prefers ("any"),
     * except the first (plain [n, features], read by the next layer as [n, c, h, w]) and the last (plain NCHW,
     * written straight into the output array).
     */
    private Plan plan(int n) {
        List<FoldedGenerator.Step> steps = folded.steps();
        List<Stage> stages = new ArrayList<>();
        List<Pointer> resources = new ArrayList<>();
        memory.desc input = plain(new long[] {n, folded.noiseSize()}, memory.format_tag.nc);
        memory.desc produced = input;   // the previous output as the next layer reads it
        long[] shape = {n, folded.noiseSize()};
        long[] readAs = null;
        for (int i = 0; i < steps.size(); i++) {
            boolean last = i == steps.size() - 1;
            Stage stage;
            long[] out;
            if (steps.get(i) instanceof FoldedGenerator.FullyConnected f) {
                if (i != 0) {
                    throw new FoldedGenerator.Unsupported("a fully connected layer after the first");
                }
                out = new long[] {n, f.out()};
                long[] weightDims = {f.out(), f.in()};
                inner_product_forward.primitive_desc pd = new inner_product_forward.primitive_desc(
                        new inner_product_forward.desc(prop_kind.forward_inference, input, any(weightDims),
                                plain(new long[] {f.out()}, memory.format_tag.x), plain(out, memory.format_tag.nc)),
                        attributes(f.activation()), engine);
                stage = new Stage(new inner_product_forward(pd), pd.src_desc(), pd.dst_desc(),
                        weights(i, pd.weights_desc(), weightDims, memory.format_tag.io),
                        wrap(f.bias(), new long[] {f.out()}, memory.format_tag.x, resources), readAs,
                        reorderInto(pd.src_desc(), produced), null);
            } else {
                FoldedGenerator.TransposedConvolution t = (FoldedGenerator.TransposedConvolution) steps.get(i);
                if (shape.length != 4 || shape[1] != t.in()) {
                    throw new FoldedGenerator.Unsupported("a transposed convolution with " + t.in()
                            + " input channels on " + java.util.Arrays.toString(shape));
                }
                long height = (shape[2] - 1) * t.stride()[0] - t.padBefore()[0] - t.padAfter()[0] + t.kernel()[0];
                long width = (shape[3] - 1) * t.stride()[1] - t.padBefore()[1] - t.padAfter()[1] + t.kernel()[1];
                out = new long[] {n, t.out(), height, width};
                long[] weightDims = {t.out(), t.in(), t.kernel()[0], t.kernel()[1]};
                deconvolution_forward.primitive_desc pd = new deconvolution_forward.primitive_desc(
                        new deconvolution_forward.desc(prop_kind.forward_inference, algorithm.deconvolution_direct,
                                any(shape), any(weightDims), any(out), longs(t.stride()), longs(t.padBefore()),
                                longs(t.padAfter())),
                        engine);
                memory.desc dst = pd.dst_desc();
                memory.format_tag layout = layoutOf(dst);
                stage = new Stage(new deconvolution_forward(pd), pd.src_desc(), dst,
                        weights(i, pd.weights_desc(), weightDims, memory.format_tag.iohw),
                        wrap(t.bias(), new long[] {1, t.out(), 1, 1}, layout, resources), readAs,
                        reorderInto(pd.src_desc(), produced), epilogue(dst, t.out(), layout, t.activation()));
            }
            stages.add(stage);
            readAs = null;
            produced = stage.dst();
            shape = out;
            if (steps.get(i) instanceof FoldedGenerator.FullyConnected f && f.reshape() != null) {
                shape = new long[] {n, f.reshape()[0], f.reshape()[1], f.reshape()[2]};
                readAs = shape;
                produced = plain(shape, memory.format_tag.nchw);
            }
        }
        reorder reorderOut = reorderInto(plain(shape, memory.format_tag.nchw), produced);
        for (Stage stage : stages) {
            resources.add(stage.primitive());
            resources.add(stage.reorderIn());
            if (stage.epilogue() != null) {
                resources.add(stage.epilogue().biasAdd());
                resources.add(stage.epilogue().activation());
            }
        }
        resources.add(reorderOut);
        resources.removeIf(java.util.Objects::isNull);
        return new Plan(input, stages, shape, reorderOut, resources);
    }

    /** A reorder from {@code from} into {@code wanted}, or null where the layouts are the same. */
    private reorder reorderInto(memory.desc wanted, memory.desc from) {
        return wanted.equals(from) ? null : new reorder(new reorder.primitive_desc(engine, from, engine, wanted));
    }

    /**
     * y = activation(x + bias[channel]), in place, as a binary primitive and an eltwise primitive. oneDNN 2.5's
     * transposed convolution (a convolution's backward-data kernel) applies its own bias and post-ops far more slowly
     * than these two passes (docs/benchmarks.md, "Fourth pass"). The bias must be laid out like the output
     * ({@code layout}) for oneDNN's fast binary kernel (against a plain bias it takes its much slower reference
     * code), and the activation is not the binary's post-op because oneDNN 2.5's binary kernel skips the whole
     * operation when it has a post-op and the channels do not fill the last block (3 channels in a 16-channel block:
     * the output layer).
     */
    private Epilogue epilogue(memory.desc dst, int channels, memory.format_tag layout,
                              FoldedGenerator.Activation activation) {
        memory.desc bias = plain(new long[] {1, channels, 1, 1}, layout);
        primitive biasAdd = new binary(new binary.primitive_desc(new binary.desc(algorithm.binary_add, dst, bias, dst),
                engine));
        primitive function = switch (activation.kind()) {
            case IDENTITY -> null;
            case LEAKY_RELU -> eltwise(dst, algorithm.eltwise_relu, activation.slope());
            case TANH -> eltwise(dst, algorithm.eltwise_tanh, 0);
        };
        return new Epilogue(biasAdd, function);
    }

    private primitive eltwise(memory.desc data, algorithm function, float alpha) {
        return new eltwise_forward(new eltwise_forward.primitive_desc(
                new eltwise_forward.desc(prop_kind.forward_inference, function, data, alpha, 0f), engine));
    }

    /** The 4-d layouts oneDNN picks for activations on CPUs (AVX-512, AVX2, plain). */
    private static final memory.format_tag[] ACTIVATION_LAYOUTS = {memory.format_tag.nChw16c,
            memory.format_tag.nChw8c, memory.format_tag.nhwc, memory.format_tag.nchw};

    /** Which of {@link #ACTIVATION_LAYOUTS} a primitive chose for its output. */
    private static memory.format_tag layoutOf(memory.desc desc) {
        long[] dims = new long[4];
        desc.dims().get(dims);
        for (memory.format_tag layout : ACTIVATION_LAYOUTS) {
            if (plain(dims, layout).equals(desc)) {
                return layout;
            }
        }
        throw new FoldedGenerator.Unsupported("an activation layout other than " + java.util.Arrays.toString(
                ACTIVATION_LAYOUTS));
    }

    /** A layer's weights in one layout, and how to fill it from DL4J's. */
    private record Reordered(memory memory, long[] dims, memory.format_tag dl4jLayout) {
    }

    /** Layer i's weights in the layout {@code wanted}: reordered from DL4J's the first time that layout is asked for. */
    private memory weights(int layer, memory.desc wanted, long[] dims, memory.format_tag dl4jLayout) {
        for (Reordered r : reorderedWeights.get(layer)) {
            if (r.memory().get_desc().equals(wanted)) {
                return r.memory();
            }
        }
        memory reordered = allocate(wanted, weightResources);
        reorderWeights(layer, dims, dl4jLayout, reordered);
        reorderedWeights.get(layer).add(new Reordered(reordered, dims, dl4jLayout));
        return reordered;
    }

    /** Layer i's weights from DL4J's layout into {@code into}. */
    private void reorderWeights(int layer, long[] dims, memory.format_tag dl4jLayout, memory into) {
        try (PointerScope scope = new PointerScope()) {   // DL4J's layout: only for this reorder
            FloatPointer values = new FloatPointer(folded.steps().get(layer).weights());
            memory dl4j = new memory(plain(dims, dl4jLayout), engine, values);
            new reorder(dl4j, into).execute(stream, dl4j, into);
            stream._wait();
        }
    }

    /** A copy of {@code values} in a plain layout, owned by {@code owner}. */
    private memory wrap(float[] values, long[] dims, memory.format_tag tag, List<Pointer> owner) {
        memory m = allocate(plain(dims, tag), owner);
        new FloatPointer(m.get_data_handle()).put(values);
        return m;
    }

    /**
     * A memory object on a buffer from {@link OneDnn#alignedBuffer}, so that JavaCPP's accounting sees it; both go into
     * {@code owner}, which keeps the buffer alive as long as the memory object and frees both.
     */
    private memory allocate(memory.desc desc, List<Pointer> owner) {
        BytePointer buffer = OneDnn.alignedBuffer(desc.get_size());
        memory m = new memory(desc, engine, buffer);
        owner.add(buffer);
        owner.add(m);
        return m;
    }

    /** The activation as a post-op of the layer's primitive. */
    private static primitive_attr attributes(FoldedGenerator.Activation activation) {
        primitive_attr attr = new primitive_attr();
        post_ops ops = new post_ops();
        switch (activation.kind()) {
            case LEAKY_RELU -> ops.append_eltwise(1f, algorithm.eltwise_relu, activation.slope(), 0f);
            case TANH -> ops.append_eltwise(1f, algorithm.eltwise_tanh, 0f, 0f);
            case IDENTITY -> { }
        }
        attr.set_post_ops(ops);
        return attr;
    }
}
