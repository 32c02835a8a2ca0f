package dev.toonforge.dcgan.quality;

/**
 * How different the images of a set are from each other: the mean Euclidean distance over all pairs of images, each
 * box-averaged down to {@value #THUMBNAIL}x{@value #THUMBNAIL} first (fine detail and pixel noise do not count; a set
 * of one image repeated scores 0).
 */
final class Diversity {

    static final int THUMBNAIL = 16;

    private Diversity() {
    }

    /** Images [count, 3, size, size] as RGB thumbnails of at most {@value #THUMBNAIL} pixels a side, one after the other. */
    static float[] thumbnails(float[] images, int count, int size) {
        int factor = Math.max(1, size / THUMBNAIL);
        int t = size / factor;
        float[] out = new float[count * 3 * t * t];
        float scale = 1f / (factor * factor);
        for (int p = 0; p < count * 3; p++) {
            int in = p * size * size;
            int o = p * t * t;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    out[o + (y / factor) * t + x / factor] += images[in + y * size + x] * scale;
                }
            }
        }
        return out;
    }

    /** The length of one thumbnail for images of {@code size}. */
    static int thumbnailLength(int size) {
        int t = size / Math.max(1, size / THUMBNAIL);
        return 3 * t * t;
    }

    /** The mean distance over all pairs of the {@code count} vectors of {@code length} floats in {@code vectors}. */
    static double meanPairwiseDistance(float[] vectors, int count, int length) {
        if (count < 2) {
            throw new IllegalArgumentException("diversity needs at least 2 images, got " + count);
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            int a = i * length;
            for (int j = i + 1; j < count; j++) {
                int b = j * length;
                float squares = 0;
                for (int k = 0; k < length; k++) {
                    float d = vectors[a + k] - vectors[b + k];
                    squares += d * d;
                }
                sum += Math.sqrt(squares);
            }
        }
        return sum / ((double) count * (count - 1) / 2);
    }
}
