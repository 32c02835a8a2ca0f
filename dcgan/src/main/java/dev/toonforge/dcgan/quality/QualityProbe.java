package dev.toonforge.dcgan.quality;

import dev.toonforge.dcgan.Generator;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Scores generators of one run against a fixed sample of its data: built once from real images and fixed latents,
 * {@link #evaluate} generates one image per latent (in batches of {@value #BATCH}) and measures the sliced Wasserstein
 * distance to the real images and the samples' diversity relative to the real images'. The real side (descriptors, their
 * sorted projections and diversity) is computed once here; the same latents and seed make scores of successive
 * checkpoints comparable.
 */
public final class QualityProbe {

    static final int BATCH = 64;

    private final SlicedWasserstein swd;
    private final int size;
    private final INDArray latents;
    private final SlicedWasserstein.Projections real;
    private final double realDiversity;

    /** With {@link SlicedWasserstein}'s defaults and {@code seed}. */
    public QualityProbe(INDArray realImages, INDArray latents, long seed) {
        this(realImages, latents, new SlicedWasserstein(seed));
    }

    /**
     * @param realImages [n, 3, size, size] in [-1, 1], at least 2 (a few hundred give a stable score)
     * @param latents    [m, noiseSize], e.g. from {@link dev.toonforge.dcgan.NoiseSource#forSeeds}; at least 2
     */
    public QualityProbe(INDArray realImages, INDArray latents, SlicedWasserstein swd) {
        this.size = SlicedWasserstein.sizeOf(realImages);
        if (latents.rank() != 2 || latents.size(0) < 2) {
            throw new IllegalArgumentException("latents must have shape [m, noiseSize] with m >= 2, got "
                    + java.util.Arrays.toString(latents.shape()));
        }
        this.swd = swd;
        this.latents = latents.dup();
        SlicedWasserstein.Descriptors descriptors = swd.descriptors(size);
        descriptors.add(realImages);
        this.real = swd.project(descriptors.finish());
        float[] pixels = SlicedWasserstein.floats(realImages);
        int n = (int) realImages.size(0);
        this.realDiversity = Diversity.meanPairwiseDistance(Diversity.thumbnails(pixels, n, size), n,
                Diversity.thumbnailLength(size));
        if (!(realDiversity > 0)) {
            throw new IllegalArgumentException("the real images are all the same: diversity cannot be measured against them");
        }
    }

    public int imageSize() {
        return size;
    }

    /** How many images each evaluation generates. */
    public int sampleCount() {
        return (int) latents.size(0);
    }

    /** Generates from the fixed latents and scores the samples against the real images. */
    public QualityScore evaluate(Generator generator) {
        if (generator.imageSize() != size || generator.noiseSize() != latents.size(1)) {
            throw new IllegalArgumentException("the probe holds " + size + " px images and latents of " + latents.size(1)
                    + " values; the generator makes " + generator.imageSize() + " px images from " + generator.noiseSize());
        }
        long step = generator.step();
        int m = sampleCount();
        int thumbnail = Diversity.thumbnailLength(size);
        float[] thumbnails = new float[m * thumbnail];
        SlicedWasserstein.Descriptors fake = swd.descriptors(size);
        for (int start = 0; start < m; start += BATCH) {
            int count = Math.min(BATCH, m - start);
            INDArray images = generator.generate(latents.get(NDArrayIndex.interval(start, start + count), NDArrayIndex.all()));
            float[] pixels = SlicedWasserstein.floats(images);
            fake.add(pixels, count);
            System.arraycopy(Diversity.thumbnails(pixels, count, size), 0, thumbnails, start * thumbnail, count * thumbnail);
        }
        SwdByLevel distances = swd.distance(fake.finish(), real);
        double diversity = Diversity.meanPairwiseDistance(thumbnails, m, thumbnail) / realDiversity;
        return new QualityScore(step, distances.mean(), distances.levelSizes(), distances.perLevel(), diversity);
    }
}
