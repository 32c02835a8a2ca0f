package dev.toonforge.dcgan.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * The Laplacian pyramid of Karras et al. (Progressive GAN, appendix D): a Gaussian pyramid with the 5-tap binomial
 * filter [1 4 6 4 1]/16 (in x and y, mirrored at the borders, as scipy's {@code mode='mirror'}), each level minus the
 * next one upsampled (zeros inserted, the same filter times 4), down to {@value #MIN_SIZE}x{@value #MIN_SIZE}, whose
 * level is the Gaussian one itself. Planes are float arrays, NCHW, one image after the other.
 */
final class LaplacianPyramid {

    static final int MIN_SIZE = 16;
    private static final float[] TAPS = {1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f};

    private LaplacianPyramid() {
    }

    /** The sizes of the levels for images of {@code size}: size, size / 2, ..., {@value #MIN_SIZE}. */
    static List<Integer> levelSizes(int size) {
        if (size < MIN_SIZE || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("image size must be a power of two of at least " + MIN_SIZE + ", was " + size);
        }
        List<Integer> sizes = new ArrayList<>();
        for (int s = size; s >= MIN_SIZE; s /= 2) {
            sizes.add(s);
        }
        return sizes;
    }

    /** The levels of {@code planes} (count planes of size x size), full size first. */
    static List<float[]> levels(float[] planes, int count, int size) {
        List<float[]> levels = new ArrayList<>();
        float[] current = planes.clone();
        int s = size;
        while (s > MIN_SIZE) {
            float[] down = down(current, count, s);
            float[] up = up(down, count, s / 2);
            for (int i = 0; i < current.length; i++) {
                current[i] -= up[i];
            }
            levels.add(current);
            current = down;
            s /= 2;
        }
        levels.add(current);
        return levels;
    }

    /** Blur and keep every second row and column (cv2.pyrDown). */
    static float[] down(float[] planes, int count, int size) {
        float[] blurred = blur(planes, count, size, 1f);
        int half = size / 2;
        float[] out = new float[count * half * half];
        for (int p = 0; p < count; p++) {
            int in = p * size * size;
            int o = p * half * half;
            for (int y = 0; y < half; y++) {
                for (int x = 0; x < half; x++) {
                    out[o + y * half + x] = blurred[in + 2 * y * size + 2 * x];
                }
            }
        }
        return out;
    }

    /** Insert zeros between rows and columns, blur with 4 times the filter (cv2.pyrUp). */
    static float[] up(float[] planes, int count, int size) {
        int twice = size * 2;
        float[] spread = new float[count * twice * twice];
        for (int p = 0; p < count; p++) {
            int in = p * size * size;
            int o = p * twice * twice;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    spread[o + 2 * y * twice + 2 * x] = planes[in + y * size + x];
                }
            }
        }
        return blur(spread, count, twice, 4f);
    }

    /** The separable 5x5 binomial filter times {@code gain}, mirrored at the borders (d c b | a b c d | c b a). */
    private static float[] blur(float[] planes, int count, int size, float gain) {
        float[] rows = new float[planes.length];
        float[] out = new float[planes.length];
        int[] index = new int[size + 4];
        for (int i = 0; i < size + 4; i++) {
            index[i] = mirror(i - 2, size);
        }
        for (int p = 0; p < count; p++) {
            int base = p * size * size;
            for (int y = 0; y < size; y++) {
                int row = base + y * size;
                for (int x = 0; x < size; x++) {
                    float v = 0;
                    for (int t = 0; t < 5; t++) {
                        v += TAPS[t] * planes[row + index[x + t]];
                    }
                    rows[row + x] = v;
                }
            }
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    float v = 0;
                    for (int t = 0; t < 5; t++) {
                        v += TAPS[t] * rows[base + index[y + t] * size + x];
                    }
                    out[base + y * size + x] = gain * v;
                }
            }
        }
        return out;
    }

    private static int mirror(int i, int size) {
        if (i < 0) {
            return -i;
        }
        if (i >= size) {
            return 2 * size - 2 - i;
        }
        return i;
    }
}
