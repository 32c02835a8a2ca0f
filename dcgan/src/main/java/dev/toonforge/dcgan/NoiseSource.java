package dev.toonforge.dcgan;

import java.util.SplittableRandom;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Noise vectors z. {@link #forSeeds} derives each row from its seed alone with {@link SplittableRandom}, so seed s
 * gives the same z in every process, on every backend, whatever else was drawn before.
 */
public final class NoiseSource {

    private final int size;
    private final DcganConfig.NoiseDistribution distribution;

    public NoiseSource(int size, DcganConfig.NoiseDistribution distribution) {
        if (size < 1) throw new IllegalArgumentException("noise size must be at least 1, was " + size);
        this.size = size;
        this.distribution = distribution;
    }

    public int size() {
        return size;
    }

    public DcganConfig.NoiseDistribution distribution() {
        return distribution;
    }

    /** The z vector of one seed. */
    public float[] vector(long seed) {
        float[] z = new float[size];
        fill(new SplittableRandom(seed), z, 0);
        return z;
    }

    /** One row per seed: shape [seeds.length, size], float. */
    public INDArray forSeeds(long... seeds) {
        float[] z = new float[seeds.length * size];
        for (int i = 0; i < seeds.length; i++) {
            fill(new SplittableRandom(seeds[i]), z, i * size);
        }
        return Nd4j.create(z, new long[] {seeds.length, size}, 'c');
    }

    /** {@code count} rows drawn from {@code random} (the training step's stream). */
    INDArray sample(SplittableRandom random, int count, DataType dataType) {
        float[] z = new float[count * size];
        for (int i = 0; i < count; i++) {
            fill(random, z, i * size);
        }
        return Nd4j.create(z, new long[] {count, size}, 'c').castTo(dataType);
    }

    private void fill(SplittableRandom random, float[] out, int offset) {
        for (int j = 0; j < size; j++) {
            out[offset + j] = (float) (distribution == DcganConfig.NoiseDistribution.UNIFORM
                    ? random.nextDouble(-1.0, 1.0)
                    : random.nextGaussian());
        }
    }
}
