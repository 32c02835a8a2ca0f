package dev.toonforge.dcgan;

/**
 * One layer of a preset, in the vocabulary of the papers (and of PyTorch), independent of DL4J.
 * A preset is a list of these; {@link dev.toonforge.dcgan.cpu.NetworkFactory} turns the list into a network.
 */
public sealed interface LayerSpec {

    /** Fully connected layer to {@code out} units (no activation). */
    record Dense(int out, boolean bias) implements LayerSpec {
        @Override public String toString() { return "Dense(" + out + (bias ? "" : ", bias=false") + ")"; }
    }

    /** Reinterprets a flat vector as {@code channels x height x width} (PyTorch's {@code view}). */
    record Reshape(int channels, int height, int width) implements LayerSpec {
        @Override public String toString() { return "Reshape(" + channels + "x" + height + "x" + width + ")"; }
    }

    /**
     * Convolution ({@code transposed=false}) or transposed convolution. {@code padding < 0} means TF's "same"
     * padding (output = input / stride, or input * stride when transposed).
     */
    record Conv(boolean transposed, int out, int kernel, int stride, int padding, boolean bias) implements LayerSpec {
        @Override public String toString() {
            return (transposed ? "ConvTranspose" : "Conv") + "(" + out + ", k" + kernel + ", s" + stride
                    + (padding < 0 ? ", same" : ", p" + padding) + (bias ? "" : ", bias=false") + ")";
        }
    }

    record BatchNorm(double eps) implements LayerSpec {
        @Override public String toString() { return "BatchNorm(eps=" + eps + ")"; }
    }

    record LeakyRelu(double alpha) implements LayerSpec {
        @Override public String toString() { return "LeakyReLU(" + alpha + ")"; }
    }

    record Relu() implements LayerSpec {
        @Override public String toString() { return "ReLU"; }
    }

    record Tanh() implements LayerSpec {
        @Override public String toString() { return "Tanh"; }
    }

    static Dense dense(int out) { return new Dense(out, true); }
    static Dense denseNoBias(int out) { return new Dense(out, false); }
    static Reshape reshape(int c, int h, int w) { return new Reshape(c, h, w); }
    static Conv conv(int out, int k, int s, int p) { return new Conv(false, out, k, s, p, false); }
    static Conv convSame(int out, int k, int s) { return new Conv(false, out, k, s, -1, true); }
    static Conv convT(int out, int k, int s, int p) { return new Conv(true, out, k, s, p, false); }
    static Conv convTSame(int out, int k, int s) { return new Conv(true, out, k, s, -1, true); }
    static BatchNorm batchNorm() { return new BatchNorm(1e-5); }
    static BatchNorm batchNorm(double eps) { return new BatchNorm(eps); }
    static LeakyRelu leakyRelu(double alpha) { return new LeakyRelu(alpha); }
    static Relu relu() { return new Relu(); }
    static Tanh tanh() { return new Tanh(); }
}
