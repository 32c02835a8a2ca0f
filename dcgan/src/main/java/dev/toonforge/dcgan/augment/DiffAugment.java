package dev.toonforge.dcgan.augment;

import java.util.Set;
import java.util.SplittableRandom;

import dev.toonforge.dcgan.Augmentation;

/**
 * Differentiable augmentation (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient GAN Training"), the
 * policy "color,translation,cutout" or any part of it, on [n, 3, size, size] float images (NCHW, one image after the
 * other), as their reference DiffAugment.py does it:
 * <ul>
 *   <li>color: brightness x + (b - 0.5); saturation (x - m) * 2s + m with m the mean over the channels of the pixel;
 *       contrast (x - m) * (c + 0.5) + m with m the mean of the whole image; b, s, c uniform in [0, 1) per image</li>
 *   <li>translation: a shift by up to 1/8 of the size (rounded) in x and y, uniform per image, zeros shifted in</li>
 *   <li>cutout: a zeroed square of half the size (rounded) centred at a random place, clipped at the borders</li>
 * </ul>
 * {@link #draw} takes each image's parameters from the caller's random stream (so a training step stays
 * reproducible); the resulting {@link Draw} applies them and, for the generator's update, maps D's gradient with
 * respect to its input back through the same operations (the adjoint of their linear part: brightness passes the
 * gradient unchanged, saturation and contrast are symmetric linear maps, translation shifts back, cutout masks).
 */
public final class DiffAugment {

    private final boolean color;
    private final boolean translation;
    private final boolean cutout;

    /** Uses the differentiable ones among {@code augmentations} ({@link Augmentation#FLIP} is not one of them). */
    public DiffAugment(Set<Augmentation> augmentations) {
        this.color = augmentations.contains(Augmentation.COLOR);
        this.translation = augmentations.contains(Augmentation.TRANSLATION);
        this.cutout = augmentations.contains(Augmentation.CUTOUT);
    }

    /** Whether any operation is on; when not, {@link #draw} takes nothing from the stream. */
    public boolean active() {
        return color || translation || cutout;
    }

    /** Draws the parameters of {@code n} images of {@code size} pixels: colour, then translation, then cutout. */
    public Draw draw(SplittableRandom random, int n, int size) {
        float[] brightness = null;
        float[] saturation = null;
        float[] contrast = null;
        if (color) {
            brightness = uniforms(random, n);
            saturation = uniforms(random, n);
            contrast = uniforms(random, n);
        }
        int[] shiftX = null;
        int[] shiftY = null;
        if (translation) {
            int shift = (int) (size * 0.125 + 0.5);
            shiftX = new int[n];
            shiftY = new int[n];
            for (int i = 0; i < n; i++) shiftX[i] = random.nextInt(-shift, shift + 1);
            for (int i = 0; i < n; i++) shiftY[i] = random.nextInt(-shift, shift + 1);
        }
        int[] cutX = null;
        int[] cutY = null;
        if (cutout) {
            int side = (int) (size * 0.5 + 0.5);
            int bound = size + (1 - side % 2);
            cutX = new int[n];
            cutY = new int[n];
            for (int i = 0; i < n; i++) cutX[i] = random.nextInt(0, bound);
            for (int i = 0; i < n; i++) cutY[i] = random.nextInt(0, bound);
        }
        return new Draw(n, size, brightness, saturation, contrast, shiftX, shiftY, cutX, cutY);
    }

    private static float[] uniforms(SplittableRandom random, int n) {
        float[] u = new float[n];
        for (int i = 0; i < n; i++) {
            u[i] = (float) random.nextDouble();
        }
        return u;
    }

    /** One batch's drawn parameters (null arrays: that operation is off). */
    public static final class Draw {
        private final int n;
        private final int size;
        private final float[] brightness;
        private final float[] saturation;
        private final float[] contrast;
        private final int[] shiftX;
        private final int[] shiftY;
        private final int[] cutX;
        private final int[] cutY;

        Draw(int n, int size, float[] brightness, float[] saturation, float[] contrast, int[] shiftX, int[] shiftY,
             int[] cutX, int[] cutY) {
            this.n = n;
            this.size = size;
            this.brightness = brightness;
            this.saturation = saturation;
            this.contrast = contrast;
            this.shiftX = shiftX;
            this.shiftY = shiftY;
            this.cutX = cutX;
            this.cutY = cutY;
        }

        /** The augmented images (a new array; {@code images} is left as it is). */
        public float[] apply(float[] images) {
            check(images);
            float[] x = images.clone();
            if (brightness != null) {
                int image = 3 * size * size;
                for (int i = 0; i < n; i++) {
                    float b = brightness[i] - 0.5f;
                    for (int k = i * image; k < (i + 1) * image; k++) {
                        x[k] += b;
                    }
                }
                saturate(x);
                contrast(x);
            }
            if (shiftX != null) {
                x = shift(x, 1);
            }
            if (cutX != null) {
                cut(x);
            }
            return x;
        }

        /** The gradient with respect to the images before augmentation, given the one after (a new array). */
        public float[] adjoint(float[] gradient) {
            check(gradient);
            float[] g = gradient.clone();
            if (cutX != null) {
                cut(g);
            }
            if (shiftX != null) {
                g = shift(g, -1);
            }
            if (brightness != null) {
                contrast(g);   // both linear parts are symmetric: each is its own adjoint
                saturate(g);
            }
            return g;
        }

        private void check(float[] images) {
            if (images.length != n * 3 * size * size) {
                throw new IllegalArgumentException("drawn for " + n + " images of " + size + " px (" + n * 3 * size * size
                        + " values), got " + images.length + " values");
            }
        }

        /** x = m + 2s (x - m), m the mean over the three channels of each pixel; in place. */
        private void saturate(float[] x) {
            int plane = size * size;
            for (int i = 0; i < n; i++) {
                float s = 2 * saturation[i];
                int r = i * 3 * plane;
                for (int p = 0; p < plane; p++) {
                    float m = (x[r + p] + x[r + plane + p] + x[r + 2 * plane + p]) / 3f;
                    for (int c = 0; c < 3; c++) {
                        int k = r + c * plane + p;
                        x[k] = (x[k] - m) * s + m;
                    }
                }
            }
        }

        /** x = m + (c + 0.5) (x - m), m the mean of the whole image; in place. */
        private void contrast(float[] x) {
            int image = 3 * size * size;
            for (int i = 0; i < n; i++) {
                float c = contrast[i] + 0.5f;
                double sum = 0;
                for (int k = i * image; k < (i + 1) * image; k++) {
                    sum += x[k];
                }
                float m = (float) (sum / image);
                for (int k = i * image; k < (i + 1) * image; k++) {
                    x[k] = (x[k] - m) * c + m;
                }
            }
        }

        /**
         * out[y][x] = in[y + sign * dy][x + sign * dx], zero where that falls outside: sign 1 is the augmentation,
         * -1 its adjoint (the shift back).
         */
        private float[] shift(float[] in, int sign) {
            float[] out = new float[in.length];
            int plane = size * size;
            for (int i = 0; i < n; i++) {
                int dy = sign * shiftX[i];   // DiffAugment's translation_x moves along the height
                int dx = sign * shiftY[i];
                int fromX = Math.max(0, -dx);
                int toX = Math.min(size, size - dx);
                if (fromX >= toX) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    int base = (i * 3 + c) * plane;
                    for (int y = Math.max(0, -dy); y < Math.min(size, size - dy); y++) {
                        System.arraycopy(in, base + (y + dy) * size + fromX + dx, out, base + y * size + fromX, toX - fromX);
                    }
                }
            }
            return out;
        }

        /** Zeroes each image's square (the same on all channels); in place. */
        private void cut(float[] x) {
            int side = (int) (size * 0.5 + 0.5);
            int plane = size * size;
            for (int i = 0; i < n; i++) {
                int y0 = Math.max(0, cutX[i] - side / 2);   // DiffAugment's offset_x is along the height too
                int y1 = Math.min(size, cutX[i] - side / 2 + side);
                int x0 = Math.max(0, cutY[i] - side / 2);
                int x1 = Math.min(size, cutY[i] - side / 2 + side);
                for (int c = 0; c < 3; c++) {
                    int base = (i * 3 + c) * plane;
                    for (int y = y0; y < y1; y++) {
                        java.util.Arrays.fill(x, base + y * size + x0, base + y * size + Math.max(x0, x1), 0f);
                    }
                }
            }
        }
    }
}
