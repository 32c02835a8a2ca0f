package dev.toonforge.dcgan.backend;

import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.Nd4jCpu;

/**
 * Switches on the oneDNN code paths of ND4J's CPU backend before any network is built: DL4J decides whether a layer
 * uses a helper when the layer is created, so {@link dev.toonforge.dcgan.cpu.NetworkFactory} calls
 * {@link #configure()} once, first.
 *
 * <p>The default build ships nd4j-native's oneDNN + AVX2 build ({@code linux-x86_64-onednn-avx2}; JavaCPP finds it
 * on its own). libnd4j's own ops (transposed convolution, etc.) use oneDNN from there, but Deeplearning4j
 * 1.0.0-M2.1 keeps its oneDNN layer helpers (convolution, batch norm) off by default ({@value #HELPERS_DISABLED} =
 * true); without them every convolution runs through Java im2col + gemm, several times slower (docs/benchmarks.md,
 * "Training speed"). They are
 * switched on here, and {@link org.nd4j.nativeblas.Nd4jCpu} repairs the check DL4J runs before using them. They
 * only run in single precision and fall back to the built-in code otherwise. With the CUDA backend nothing is set.
 *
 * <p>A system property set by the user ({@code -D}{@value #HELPERS_DISABLED}{@code =true}) wins.
 *
 * <p>OpenBLAS runs on the calling thread alone. Its gemms here are the dense layers' (a noise vector to the first
 * feature map, the last feature map to D's logit), small next to the convolutions; the convolutions and ND4J's own ops
 * run on OpenMP, whose threads keep spinning on every core for a while after each parallel region. OpenBLAS's own
 * worker threads would wait for a core behind them, and a small gemm split across threads takes longer than on one.
 */
public final class NativeBackend {

    public static final String HELPERS_DISABLED = "org.eclipse.deeplearning4j.helpers.disable";

    /** Present only in nd4j-native builds; looked up as a resource, so nothing is loaded. */
    private static final String CPU_BACKEND_CLASS = "org/nd4j/linalg/cpu/nativecpu/CpuBackend.class";

    private NativeBackend() {
    }

    private static final boolean CPU = NativeBackend.class.getClassLoader().getResource(CPU_BACKEND_CLASS) != null;

    /** Whether this build computes with nd4j-native (the CPU); false in CUDA builds. */
    public static boolean isCpu() {
        return CPU;
    }

    public static synchronized void configure() {
        // Only for the CPU backend: on CUDA, DL4J would look for cuDNN helpers that this build does not ship.
        if (System.getProperty(HELPERS_DISABLED) == null && isCpu()) {
            System.setProperty(HELPERS_DISABLED, "false");
        }
        if (isCpu()) {
            Nd4j.factory().blas().setMaxThreads(1);
        }
    }

    /** What computes, for logs: e.g. "CPU with oneDNN, layer helpers on", or "CUDA". Loads ND4J. */
    public static String describe() {
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend", "?");
        if (!"CPU".equalsIgnoreCase(backend)) {
            return backend;
        }
        boolean oneDnn = Nd4jCpu.Environment.getInstance().isUseMKLDNN();
        return backend + (oneDnn ? " with oneDNN, layer helpers " + (BaseMKLDNNHelper.mklDnnEnabled() ? "on" : "off")
                : " without oneDNN");
    }
}
