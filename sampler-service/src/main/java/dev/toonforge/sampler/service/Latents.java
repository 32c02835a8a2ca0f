package dev.toonforge.sampler.service;

import dev.toonforge.dcgan.NoiseSource;

/** Noise vectors for requests: by seed (the generator's own {@link NoiseSource}) and spherical interpolation. */
public final class Latents {

    private Latents() {
    }

    /** Rows for seeds {@code first}, {@code first + 1}, ... ({@code count} of them), row-major. */
    public static float[] consecutiveSeeds(NoiseSource noise, long first, int count) {
        long[] seeds = new long[count];
        for (int i = 0; i < count; i++) {
            seeds[i] = first + i;
        }
        return forSeeds(noise, seeds);
    }

    public static float[] forSeeds(NoiseSource noise, long... seeds) {
        int n = noise.size();
        float[] z = new float[seeds.length * n];
        for (int i = 0; i < seeds.length; i++) {
            System.arraycopy(noise.vector(seeds[i]), 0, z, i * n, n);
        }
        return z;
    }

    /**
     * {@code frames} rows from {@code a} to {@code b} (both included) along the great circle between them (slerp), which
     * keeps Gaussian noise at a typical norm where a straight line would pass through unlikely, low-norm z.
     */
    public static float[] slerp(float[] a, float[] b, int frames) {
        int n = a.length;
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < n; j++) {
            dot += (double) a[j] * b[j];
            na += (double) a[j] * a[j];
            nb += (double) b[j] * b[j];
        }
        double cos = (na == 0 || nb == 0) ? 1 : Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
        double omega = Math.acos(cos);
        double sin = Math.sin(omega);
        float[] z = new float[frames * n];
        for (int f = 0; f < frames; f++) {
            double t = frames == 1 ? 0 : (double) f / (frames - 1);
            double wa;
            double wb;
            if (sin < 1e-6) { // (anti)parallel: the straight line is as good as any
                wa = 1 - t;
                wb = t;
            } else {
                wa = Math.sin((1 - t) * omega) / sin;
                wb = Math.sin(t * omega) / sin;
            }
            for (int j = 0; j < n; j++) {
                z[f * n + j] = (float) (wa * a[j] + wb * b[j]);
            }
        }
        return z;
    }
}
