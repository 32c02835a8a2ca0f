package dev.toonforge.dcgan.quality;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Karras et al.'s descriptors of one pyramid level: random 7x7 neighbourhoods of RGB values (147 numbers each), a fixed
 * number per image, lying wholly inside the image. {@link #normalize} standardizes each colour channel over the set.
 */
final class PatchDescriptors {

    static final int PATCH = 7;
    static final int LENGTH = 3 * PATCH * PATCH;

    private float[] data;
    private int count;

    PatchDescriptors(int capacity) {
        this.data = new float[Math.max(capacity, 1) * LENGTH];
    }

    int count() {
        return count;
    }

    /**
     * Adds {@code perImage} neighbourhoods of each of {@code images} images ([images, 3, size, size] floats), their
     * centres drawn from {@code random} in image order.
     */
    void sample(float[] level, int images, int size, int perImage, SplittableRandom random) {
        int half = PATCH / 2;
        int plane = size * size;
        ensure(count + images * perImage);
        for (int i = 0; i < images; i++) {
            for (int k = 0; k < perImage; k++) {
                int cx = random.nextInt(half, size - half);
                int cy = random.nextInt(half, size - half);
                int o = count * LENGTH;
                for (int c = 0; c < 3; c++) {
                    int base = (i * 3 + c) * plane;
                    for (int dy = -half; dy <= half; dy++) {
                        System.arraycopy(level, base + (cy + dy) * size + cx - half, data, o, PATCH);
                        o += PATCH;
                    }
                }
                count++;
            }
        }
    }

    /** Subtracts each channel's mean over all descriptors and divides by its standard deviation. */
    void normalize() {
        int perChannel = PATCH * PATCH;
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            double squares = 0;
            for (int d = 0; d < count; d++) {
                int o = d * LENGTH + c * perChannel;
                for (int j = 0; j < perChannel; j++) {
                    double v = data[o + j];
                    sum += v;
                    squares += v * v;
                }
            }
            double n = (double) count * perChannel;
            double mean = sum / n;
            double std = Math.sqrt(Math.max(squares / n - mean * mean, 0));
            float scale = (float) (1 / Math.max(std, 1e-8));
            float shift = (float) mean;
            for (int d = 0; d < count; d++) {
                int o = d * LENGTH + c * perChannel;
                for (int j = 0; j < perChannel; j++) {
                    data[o + j] = (data[o + j] - shift) * scale;
                }
            }
        }
    }

    /** The descriptors as a new [count, LENGTH] array in ND4J's memory. */
    INDArray matrix() {
        INDArray matrix = Nd4j.create(DataType.FLOAT, count, LENGTH);
        matrix.data().asNioFloat().put(data, 0, count * LENGTH);
        return matrix;
    }

    private void ensure(int descriptors) {
        if (data.length < descriptors * LENGTH) {
            data = Arrays.copyOf(data, Math.max(descriptors, 2 * data.length / LENGTH) * LENGTH);
        }
    }
}
