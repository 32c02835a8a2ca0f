package org.nd4j.nativeblas;

/**
 * A bridge that lets Deeplearning4j 1.0.0-M2.1 find the oneDNN switch of its own CPU backend.
 *
 * <p>DL4J's layer helpers (oneDNN convolution, batch normalization, pooling) decide whether they may run by calling
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()} through reflection
 * ({@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled}). In M2.1 that class lives in
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings} and the method is called {@code isUseONEDNN}, so the lookup always
 * fails and every convolution falls back to DL4J's Java im2col + gemm path, even on the oneDNN build of nd4j-native.
 * This class answers that lookup with the real backend's answer; nothing else uses it. On the CUDA backend DL4J never
 * asks. Remove it when DL4J is upgraded past M2.1 (the benchmark in bench/dcgan shows the difference).
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /** Mirrors the one method DL4J's helpers ask for. */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * True when the loaded libnd4j was built with oneDNN and has it switched on. Looked up by name because the
         * CPU bindings are absent from a CUDA build.
         */
        public boolean isUseMKLDNN() {
            try {
                Class<?> real = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                Object environment = real.getMethod("getInstance").invoke(null);
                return (boolean) real.getMethod("isUseONEDNN").invoke(environment);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
