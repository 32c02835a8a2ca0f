package dev.toonforge.dcgan.cpu;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The arithmetic of {@link NormActivation}: batch norm over the N, H and W axes of an NCHW single-precision array,
 * then y = u for u > 0 and slope * u otherwise. One channel per task ({@link KernelThreads}): its values are
 * copied from ND4J's off-heap buffer into a per-thread work array (bulk copies: one per example, or one per row of a view), the passes run there
 * in the cache, and the result is copied back. A channel's sums always run in the same order, so results do not
 * depend on the thread count; they are kept in double precision.
 *
 * <p>Forward (training): mean and biased variance per channel, scale = gamma / sqrt(var + eps), shift = beta - mean
 * * scale, u = x * scale + shift. Backward, with g = dy where u > 0 and slope * dy otherwise, xhat = (x - mean) /
 * sqrt(var + eps) and M = N * H * W: dbeta = sum g, dgamma = sum g * xhat, dx = scale * (g - dbeta / M - xhat *
 * dgamma / M).
 */
final class NormActivationKernel {

    /** Per-channel batch mean and biased variance of a training pass. */
    record Statistics(double[] mean, double[] variance) {
    }

    /** Per-channel gradients of gamma and beta, summed over the batch (DL4J's updater divides by its size). */
    record Sums(float[] gamma, float[] beta) {
    }

    private final double eps;
    private final float oneMinusSlope;
    private final float[] gamma;
    private final float[] beta;

    NormActivationKernel(double eps, double slope, float[] gamma, float[] beta) {
        this.eps = eps;
        this.oneMinusSlope = (float) (1 - slope);
        this.gamma = gamma;
        this.beta = beta;
    }

    /** Normalizes {@code x} with its own batch statistics into {@code out}; returns the statistics. */
    Statistics forwardTraining(INDArray x, INDArray out) {
        NchwFloats in = NchwFloats.of(x);
        NchwFloats y = output(out, in);
        double[] mean = new double[in.channels];
        double[] variance = new double[in.channels];
        int n = in.channelLength();
        KernelThreads.forEach(in.channels, (long) n * in.channels, c -> {
            float[] v = gather(in, c, Scratch.FIRST);
            double m = sum(v, n) / n;
            mean[c] = m;
            variance[c] = squaredDeviations(v, n, (float) m) / n;
            activate(v, n, y, c, m, variance[c]);
        });
        return new Statistics(mean, variance);
    }

    /** Normalizes {@code x} with the given (running) statistics into {@code out}. */
    void forwardInference(INDArray x, float[] mean, float[] variance, INDArray out) {
        NchwFloats in = NchwFloats.of(x);
        NchwFloats y = output(out, in);
        int n = in.channelLength();
        KernelThreads.forEach(in.channels, (long) n * in.channels,
                c -> activate(gather(in, c, Scratch.FIRST), n, y, c, mean[c], variance[c]));
    }

    /** Writes the gradient with respect to x into {@code dx}; returns those of gamma and beta. */
    Sums backward(INDArray x, INDArray dy, Statistics s, INDArray dx) {
        NchwFloats in = NchwFloats.of(x);
        NchwFloats up = NchwFloats.of(dy);
        if (!up.sameShape(in)) {
            throw new IllegalArgumentException("gradient shape " + up + " differs from the input's " + in);
        }
        NchwFloats down = output(dx, in);
        float[] dGamma = new float[in.channels];
        float[] dBeta = new float[in.channels];
        int n = in.channelLength();
        KernelThreads.forEach(in.channels, (long) n * in.channels, c -> {
            float[] v = gather(in, c, Scratch.FIRST);
            float[] g = gather(up, c, Scratch.SECOND);
            double invStd = 1 / Math.sqrt(s.variance()[c] + eps);
            float scale = (float) (gamma[c] * invStd);
            float shift = (float) (beta[c] - s.mean()[c] * gamma[c] * invStd);
            float m = (float) s.mean()[c];
            float inv = (float) invStd;
            for (int i = 0; i < n; i++) {
                float gi = g[i] * slopeAt(v[i] * scale + shift);
                float xhat = (v[i] - m) * inv;
                g[i] = gi;
                v[i] = xhat;
            }
            double sumG = sum(g, n);
            double sumGx = dot(g, v, n);
            dBeta[c] = (float) sumG;
            dGamma[c] = (float) sumGx;
            float meanG = (float) (sumG / n);
            float meanGx = (float) (sumGx / n);
            for (int i = 0; i < n; i++) {
                g[i] = scale * (g[i] - meanG - v[i] * meanGx);
            }
            down.scatter(g, c);
        });
        return new Sums(dGamma, dBeta);
    }

    /** An array to write, of the input's shape; never copied (the values written would go to the copy). */
    private static NchwFloats output(INDArray out, NchwFloats in) {
        if (!NchwFloats.accepts(out)) {
            throw new IllegalArgumentException("output must be a single-precision array with contiguous rows, got "
                    + out.shapeInfoToString());
        }
        NchwFloats o = NchwFloats.of(out);
        if (!o.sameShape(in)) {
            throw new IllegalArgumentException("output shape " + o + " differs from the input's " + in);
        }
        return o;
    }

    /** Channel c's values in the calling thread's work array (which may be longer: the first N * H * W count). */
    private static float[] gather(NchwFloats from, int c, Scratch scratch) {
        float[] values = scratch.atLeast(from.channelLength());
        from.gather(c, values);
        return values;
    }

    private float slopeAt(float u) {
        return LeakyRelu.slopeAt(u, oneMinusSlope);
    }

    // Sums with four accumulators: one running sum waits on each addition's latency, four keep the FPU busy.

    private static double sum(float[] v, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += v[i];
            s1 += v[i + 1];
            s2 += v[i + 2];
            s3 += v[i + 3];
        }
        for (; i < n; i++) {
            s0 += v[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double squaredDeviations(float[] v, int n, float mean) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            float d0 = v[i] - mean, d1 = v[i + 1] - mean, d2 = v[i + 2] - mean, d3 = v[i + 3] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < n; i++) {
            float d = v[i] - mean;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double dot(float[] a, float[] b, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** y = act(x * scale + shift) for channel c, the first n values of {@code v} holding its x (overwritten). */
    private void activate(float[] v, int n, NchwFloats y, int c, double mean, double variance) {
        double invStd = 1 / Math.sqrt(variance + eps);
        float scale = (float) (gamma[c] * invStd);
        float shift = (float) (beta[c] - mean * gamma[c] * invStd);
        for (int i = 0; i < n; i++) {
            float u = v[i] * scale + shift;
            v[i] = u * slopeAt(u);
        }
        y.scatter(v, c);
    }

    /**
     * Per-thread work arrays for one channel's values, kept at the largest length asked for so far (the layers of a
     * network differ in N * H * W): a network's passes allocate them once per thread.
     */
    private enum Scratch {
        FIRST, SECOND;

        private final ThreadLocal<float[]> arrays = new ThreadLocal<>();

        float[] atLeast(int length) {
            float[] a = arrays.get();
            if (a == null || a.length < length) {
                a = new float[length];
                arrays.set(a);
            }
            return a;
        }
    }
}
