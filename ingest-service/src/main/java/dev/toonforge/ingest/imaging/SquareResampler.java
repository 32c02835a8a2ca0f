package dev.toonforge.ingest.imaging;

import dev.toonforge.ingest.config.IngestSettings.ResizeFilter;

/**
 * Resamples a square window of an image to a square of {@code size} pixels, separably (rows, then columns).
 * The window may reach past the image (padding): those pixels are the background colour.
 * Filters: exact area averaging when shrinking and bilinear when enlarging ({@code area}), or Lanczos-3.
 */
public final class SquareResampler {

    private SquareResampler() {
    }

    /** The {@code side}x{@code side} window at ({@code left}, {@code top}) of {@code src}, resampled to {@code size}x{@code size}. */
    public static RgbImage resample(PixelView src, int left, int top, int side, int size, ResizeFilter filter, int bgRgb) {
        Taps taps = filter == ResizeFilter.lanczos ? Taps.lanczos(side, size) : Taps.area(side, size);
        float[] bg = {(bgRgb >> 16) & 0xff, (bgRgb >> 8) & 0xff, bgRgb & 0xff};
        float[] rows = horizontal(src, left, top, side, size, taps, bg);
        return vertical(rows, size, taps);
    }

    /** Each window row resampled to {@code size} columns: {@code side} rows of size*3 floats. */
    private static float[] horizontal(PixelView src, int left, int top, int side, int size, Taps taps, float[] bg) {
        float[] out = new float[side * size * 3];
        byte[] px = src.data();
        int w = src.width();
        int h = src.height();
        int ro = src.r();
        int go = src.g();
        int bo = src.b();
        for (int y = 0; y < side; y++) {
            int sy = top + y;
            int o = y * size * 3;
            if (sy < 0 || sy >= h) {
                for (int x = 0; x < size; x++) {
                    out[o++] = bg[0];
                    out[o++] = bg[1];
                    out[o++] = bg[2];
                }
                continue;
            }
            int rowBase = src.offset() + sy * src.scanline();
            for (int x = 0; x < size; x++) {
                float r = 0;
                float g = 0;
                float b = 0;
                int first = taps.first[x];
                int n = taps.count[x];
                int wi = x * taps.stride;
                int sx0 = left + first;
                if (sx0 >= 0 && sx0 + n <= w) {
                    int p = rowBase + sx0 * 3;
                    for (int t = 0; t < n; t++, p += 3) {
                        float weight = taps.weights[wi + t];
                        r += weight * (px[p + ro] & 0xff);
                        g += weight * (px[p + go] & 0xff);
                        b += weight * (px[p + bo] & 0xff);
                    }
                    out[o++] = r;
                    out[o++] = g;
                    out[o++] = b;
                    continue;
                }
                for (int t = 0; t < n; t++) {
                    float weight = taps.weights[wi + t];
                    int sx = left + first + t;
                    if (sx < 0 || sx >= w) {
                        r += weight * bg[0];
                        g += weight * bg[1];
                        b += weight * bg[2];
                    } else {
                        int p = rowBase + sx * 3;
                        r += weight * (px[p + ro] & 0xff);
                        g += weight * (px[p + go] & 0xff);
                        b += weight * (px[p + bo] & 0xff);
                    }
                }
                out[o++] = r;
                out[o++] = g;
                out[o++] = b;
            }
        }
        return out;
    }

    private static RgbImage vertical(float[] rows, int size, Taps taps) {
        byte[] out = new byte[size * size * 3];
        int rowLength = size * 3;
        float[] acc = new float[rowLength];
        for (int y = 0; y < size; y++) {
            java.util.Arrays.fill(acc, 0f);
            int first = taps.first[y];
            int n = taps.count[y];
            int wi = y * taps.stride;
            for (int t = 0; t < n; t++) {
                float weight = taps.weights[wi + t];
                int base = (first + t) * rowLength;
                for (int i = 0; i < rowLength; i++) {
                    acc[i] += weight * rows[base + i];
                }
            }
            int o = y * rowLength;
            for (int i = 0; i < rowLength; i++) {
                int v = Math.round(acc[i]);
                out[o + i] = (byte) (v < 0 ? 0 : Math.min(v, 255));
            }
        }
        return new RgbImage(size, size, out);
    }

    /** For each output pixel: the first input pixel it reads, how many, and their normalized weights. */
    private record Taps(int[] first, int[] count, float[] weights, int stride) {

        static Taps area(int in, int out) {
            double scale = (double) in / out;
            if (scale < 1) {
                return bilinear(in, out, scale);
            }
            int stride = (int) Math.ceil(scale) + 2;
            int[] first = new int[out];
            int[] count = new int[out];
            float[] weights = new float[out * stride];
            for (int i = 0; i < out; i++) {
                double lo = i * scale;
                double hi = Math.min(in, (i + 1) * scale);
                int a = (int) Math.floor(lo);
                int b = Math.min(in, (int) Math.ceil(hi));
                first[i] = a;
                count[i] = b - a;
                double sum = 0;
                for (int x = a; x < b; x++) {
                    double overlap = Math.min(hi, x + 1) - Math.max(lo, x);
                    weights[i * stride + x - a] = (float) overlap;
                    sum += overlap;
                }
                normalize(weights, i * stride, count[i], sum);
            }
            return new Taps(first, count, weights, stride);
        }

        private static Taps bilinear(int in, int out, double scale) {
            int stride = 2;
            int[] first = new int[out];
            int[] count = new int[out];
            float[] weights = new float[out * stride];
            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale - 0.5;
                int a = (int) Math.floor(center);
                double frac = center - a;
                if (a < 0) {
                    a = 0;
                    frac = 0;
                }
                if (a >= in - 1) {
                    a = in - 1;
                    frac = 0;
                }
                first[i] = a;
                count[i] = frac == 0 ? 1 : 2;
                weights[i * stride] = (float) (1 - frac);
                weights[i * stride + 1] = (float) frac;
            }
            return new Taps(first, count, weights, stride);
        }

        static Taps lanczos(int in, int out) {
            double scale = (double) in / out;
            double filterScale = Math.max(scale, 1.0);
            double support = 3.0 * filterScale;
            int stride = (int) Math.ceil(support) * 2 + 2;
            int[] first = new int[out];
            int[] count = new int[out];
            float[] weights = new float[out * stride];
            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale;
                int a = Math.max(0, (int) Math.floor(center - support));
                int b = Math.min(in, (int) Math.ceil(center + support));
                first[i] = a;
                count[i] = Math.min(b - a, stride);
                double sum = 0;
                for (int t = 0; t < count[i]; t++) {
                    double w = lanczos3((a + t + 0.5 - center) / filterScale);
                    weights[i * stride + t] = (float) w;
                    sum += w;
                }
                normalize(weights, i * stride, count[i], sum);
            }
            return new Taps(first, count, weights, stride);
        }

        private static double lanczos3(double x) {
            if (x == 0) {
                return 1;
            }
            if (x <= -3 || x >= 3) {
                return 0;
            }
            double px = Math.PI * x;
            return 3 * Math.sin(px) * Math.sin(px / 3) / (px * px);
        }

        private static void normalize(float[] weights, int from, int n, double sum) {
            if (sum == 0) {
                return;
            }
            for (int t = 0; t < n; t++) {
                weights[from + t] = (float) (weights[from + t] / sum);
            }
        }
    }
}
