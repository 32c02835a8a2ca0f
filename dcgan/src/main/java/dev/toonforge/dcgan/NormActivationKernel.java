package dev.toonforge.dcgan;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.stream.IntStream;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The arithmetic of {@link NormActivation}: batch norm over the N, H and W axes of an NCHW single-precision array,
 * then y = u for u > 0 and slope * u otherwise. One channel per task on the common fork-join pool: its values are
 * copied from ND4J's off-heap buffer into a per-thread work array (one bulk copy per example), the passes run there
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

    /** Fewer values than this are done on the calling thread: handing out tasks would cost more. */
    private static final long PARALLEL_FROM = 64 * 1024;

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
        Layout l = new Layout(x);
        FloatBuffer in = FloatBuffers.of(x);
        FloatBuffer y = FloatBuffers.of(out);
        double[] mean = new double[l.channels];
        double[] variance = new double[l.channels];
        l.channels().forEach(c -> {
            float[] v = l.gather(in, c, Scratch.FIRST);
            double m = sum(v) / l.count;
            mean[c] = m;
            variance[c] = squaredDeviations(v, (float) m) / l.count;
            activate(l, v, y, c, m, variance[c]);
        });
        return new Statistics(mean, variance);
    }

    /** Normalizes {@code x} with the given (running) statistics into {@code out}. */
    void forwardInference(INDArray x, float[] mean, float[] variance, INDArray out) {
        Layout l = new Layout(x);
        FloatBuffer in = FloatBuffers.of(x);
        FloatBuffer y = FloatBuffers.of(out);
        l.channels()
                .forEach(c -> activate(l, l.gather(in, c, Scratch.FIRST), y, c, mean[c], variance[c]));
    }

    /** Writes the gradient with respect to x into {@code dx}; returns those of gamma and beta. */
    Sums backward(INDArray x, INDArray dy, Statistics s, INDArray dx) {
        Layout l = new Layout(x);
        if (!Arrays.equals(dy.shape(), x.shape())) {
            throw new IllegalArgumentException("gradient shape " + Arrays.toString(dy.shape())
                    + " differs from the input's " + Arrays.toString(x.shape()));
        }
        FloatBuffer in = FloatBuffers.of(x);
        FloatBuffer up = FloatBuffers.of(dy);
        FloatBuffer down = FloatBuffers.of(dx);
        float[] dGamma = new float[l.channels];
        float[] dBeta = new float[l.channels];
        l.channels().forEach(c -> {
            float[] v = l.gather(in, c, Scratch.FIRST);
            float[] g = l.gather(up, c, Scratch.SECOND);
            double invStd = 1 / Math.sqrt(s.variance()[c] + eps);
            float scale = (float) (gamma[c] * invStd);
            float shift = (float) (beta[c] - s.mean()[c] * gamma[c] * invStd);
            float m = (float) s.mean()[c];
            float inv = (float) invStd;
            for (int i = 0; i < v.length; i++) {
                float gi = g[i] * slopeAt(v[i] * scale + shift);
                float xhat = (v[i] - m) * inv;
                g[i] = gi;
                v[i] = xhat;
            }
            double sumG = sum(g);
            double sumGx = dot(g, v);
            dBeta[c] = (float) sumG;
            dGamma[c] = (float) sumGx;
            float meanG = (float) (sumG / l.count);
            float meanGx = (float) (sumGx / l.count);
            for (int i = 0; i < v.length; i++) {
                g[i] = scale * (g[i] - meanG - v[i] * meanGx);
            }
            l.scatter(g, down, c);
        });
        return new Sums(dGamma, dBeta);
    }

    private float slopeAt(float u) {
        return LeakyRelu.slopeAt(u, oneMinusSlope);
    }

    // Sums with four accumulators: one running sum waits on each addition's latency, four keep the FPU busy.

    private static double sum(float[] v) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < v.length; i += 4) {
            s0 += v[i];
            s1 += v[i + 1];
            s2 += v[i + 2];
            s3 += v[i + 3];
        }
        for (; i < v.length; i++) {
            s0 += v[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double squaredDeviations(float[] v, float mean) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < v.length; i += 4) {
            float d0 = v[i] - mean, d1 = v[i + 1] - mean, d2 = v[i + 2] - mean, d3 = v[i + 3] - mean;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < v.length; i++) {
            float d = v[i] - mean;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double dot(float[] a, float[] b) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** y = act(x * scale + shift) for channel c, {@code v} holding its values (overwritten). */
    private void activate(Layout l, float[] v, FloatBuffer y, int c, double mean, double variance) {
        double invStd = 1 / Math.sqrt(variance + eps);
        float scale = (float) (gamma[c] * invStd);
        float shift = (float) (beta[c] - mean * gamma[c] * invStd);
        for (int i = 0; i < v.length; i++) {
            float u = v[i] * scale + shift;
            v[i] = u * slopeAt(u);
        }
        l.scatter(v, y, c);
    }

    /** Per-thread work arrays: one channel's values, reused from call to call. */
    private enum Scratch {
        FIRST, SECOND;

        private final ThreadLocal<float[]> arrays = new ThreadLocal<>();

        float[] of(int length) {
            float[] a = arrays.get();
            if (a == null || a.length != length) {
                a = new float[length];
                arrays.set(a);
            }
            return a;
        }
    }

    /** The NCHW shape: channel c of example n is the {@code plane} values from {@code start(n, c)}. */
    private static final class Layout {
        final int batch;
        final int channels;
        final int plane;
        final long count;

        Layout(INDArray x) {
            long[] shape = x.shape();
            if (shape.length != 4) {
                throw new IllegalArgumentException("batch norm kernel takes NCHW arrays, got shape "
                        + Arrays.toString(shape));
            }
            batch = Math.toIntExact(shape[0]);
            channels = Math.toIntExact(shape[1]);
            plane = Math.toIntExact(shape[2] * shape[3]);
            count = (long) batch * plane;
        }

        int start(int n, int c) {
            return (n * channels + c) * plane;
        }

        /** The channel indices, in parallel when there is enough work to share (not at batch 1, say). */
        IntStream channels() {
            IntStream all = IntStream.range(0, channels);
            return (long) batch * channels * plane >= PARALLEL_FROM ? all.parallel() : all;
        }

        /** Channel c's values, example after example, in a work array. */
        float[] gather(FloatBuffer from, int c, Scratch scratch) {
            float[] values = scratch.of(batch * plane);
            for (int n = 0; n < batch; n++) {
                from.get(start(n, c), values, n * plane, plane);
            }
            return values;
        }

        /** Writes channel c's values back. */
        void scatter(float[] values, FloatBuffer to, int c) {
            for (int n = 0; n < batch; n++) {
                to.put(start(n, c), values, n * plane, plane);
            }
        }
    }
}
