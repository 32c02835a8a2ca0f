package dev.toonforge.dcgan.cpu;

import java.util.Optional;

import dev.toonforge.dcgan.backend.NativeBackend;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * oneDNN called directly, through JavaCPP's presets ({@code org.bytedeco:dnnl}, the JavaCPP release ND4J uses), for
 * the primitives that {@link OneDnnGenerator} (generation) and {@link OneDnnConvolution} (D's convolutions in
 * training) build once and keep. libnd4j carries its own oneDNN inside; this one
 * is a separate library, which shares ND4J's OpenMP runtime (the same {@code libgomp.so.1} is loaded once), so both
 * follow the same thread count.
 *
 * <p>Only in CPU builds ({@link NativeBackend#isCpu()}). If the library does not load here (another platform, a
 * CPU without the instructions it needs), {@link #cpu()} is empty and generation runs through DL4J; the reason is
 * logged once.
 */
public final class OneDnn {

    private static final Logger LOG = LoggerFactory.getLogger(OneDnn.class);

    private OneDnn() {
    }

    private static final class Holder {
        static final Optional<engine> CPU = load();

        private static Optional<engine> load() {
            if (!NativeBackend.isCpu()) {
                return Optional.empty();
            }
            try {
                engine cpu = new engine(engine.kind.cpu, 0);
                LOG.info("Generator passes: oneDNN primitives kept between calls (org.bytedeco:dnnl)");
                return Optional.of(cpu);
            } catch (Throwable e) {   // UnsatisfiedLinkError and friends: a missing native library is not fatal here
                LOG.warn("oneDNN (org.bytedeco:dnnl) did not load, generation runs through DL4J: {}", e.toString());
                return Optional.empty();
            }
        }
    }

    /** The CPU engine, or empty where oneDNN is not used (CUDA builds) or did not load. */
    public static Optional<engine> cpu() {
        return Holder.CPU;
    }

    /** Single-precision data of these dims in the layout {@code tag}. */
    static memory.desc plain(long[] dims, memory.format_tag tag) {
        return new memory.desc(dims, memory.data_type.f32, tag);
    }

    /** Single-precision data of these dims in whatever layout the primitive prefers. */
    static memory.desc any(long[] dims) {
        return new memory.desc(dims, memory.data_type.f32, memory.format_tag.any);
    }

    /** oneDNN's preferred alignment for buffers it is handed. */
    private static final int ALIGNMENT = 64;

    /**
     * A buffer of at least {@code bytes} bytes that JavaCPP allocates, positioned at a {@value #ALIGNMENT}-byte boundary,
     * for memory objects that outlive a pass: JavaCPP counts it against {@code org.bytedeco.javacpp.maxbytes}, where
     * memory oneDNN allocated itself would not be counted.
     */
    static BytePointer alignedBuffer(long bytes) {
        BytePointer buffer = new BytePointer(bytes + ALIGNMENT);
        return buffer.position((ALIGNMENT - buffer.address() % ALIGNMENT) % ALIGNMENT);
    }

    static long[] longs(int[] values) {
        long[] result = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }
}
