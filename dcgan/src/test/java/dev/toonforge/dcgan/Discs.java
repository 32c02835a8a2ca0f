package dev.toonforge.dcgan;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A synthetic data set drawn in the test: one disc of random colour, radius and position on a plain light background. */
public final class Discs {

    static final float[] BACKGROUND = {0.9f, 0.9f, 0.85f};   // in [-1, 1] units: nearly white

    private Discs() {
    }

    /** [n, 3, size, size] in [-1, 1]. */
    public static INDArray batch(SplittableRandom random, int n, int size) {
        float[] data = new float[n * 3 * size * size];
        int plane = size * size;
        for (int i = 0; i < n; i++) {
            float[] colour = {(float) random.nextDouble(-1, 0.6), (float) random.nextDouble(-1, 0.6), (float) random.nextDouble(-1, 0.6)};
            double radius = size * random.nextDouble(0.18, 0.32);
            double cx = size * random.nextDouble(0.35, 0.65);
            double cy = size * random.nextDouble(0.35, 0.65);
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double dx = x + 0.5 - cx;
                    double dy = y + 0.5 - cy;
                    boolean inside = dx * dx + dy * dy <= radius * radius;
                    for (int c = 0; c < 3; c++) {
                        data[i * 3 * plane + c * plane + y * size + x] = inside ? colour[c] : BACKGROUND[c];
                    }
                }
            }
        }
        return Nd4j.create(data, new long[] {n, 3, size, size}, 'c');
    }
}
