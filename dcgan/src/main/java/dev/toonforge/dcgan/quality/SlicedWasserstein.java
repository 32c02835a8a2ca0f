package dev.toonforge.dcgan.quality;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The sliced Wasserstein distance (SWD) between two image sets as Karras et al. define it (Progressive GAN, 2018): for
 * every level of the images' Laplacian pyramid, from full size down to 16x16, {@link #patchesPerImage()} random 7x7
 * RGB neighbourhoods per image, each set's descriptors standardized per colour channel, and the mean over
 * {@link #directions()} random unit directions of the 1-D Wasserstein-1 distance between the two sets' projections.
 * Reported per level and averaged, times 1000 (the unit of Karras's tables): descriptors are in standard deviations,
 * so 0 means the same distribution and values for unrelated image sets run into the hundreds or thousands.
 *
 * <p>The same seed gives the same directions and neighbourhood positions (image i of either set is sampled at the same
 * places), so a distance is repeatable bit for bit. Sets may differ in size. A level's projections on all directions
 * are one matrix product (ND4J's gemm); sorting them runs on the common fork-join pool, a slice of directions per task.
 * A set measured against many others (a probe's real images) is {@link #project projected} once: its sorted
 * projections are kept, so each distance projects and sorts one set only.
 */
public final class SlicedWasserstein {

    public static final int DEFAULT_PATCHES_PER_IMAGE = 64;
    public static final int DEFAULT_DIRECTIONS = 256;
    /** Directions per sorting task. */
    private static final int SLICE = 32;
    private static final int BATCH = 64;

    private final int patchesPerImage;
    private final int directions;
    private final long seed;
    /** Unit directions, [directions, LENGTH]. */
    private final INDArray units;

    /** {@value #DEFAULT_PATCHES_PER_IMAGE} neighbourhoods per image and level, {@value #DEFAULT_DIRECTIONS} directions. */
    public SlicedWasserstein(long seed) {
        this(DEFAULT_PATCHES_PER_IMAGE, DEFAULT_DIRECTIONS, seed);
    }

    /** @param directions a multiple of {@value #SLICE} */
    public SlicedWasserstein(int patchesPerImage, int directions, long seed) {
        if (patchesPerImage < 1) throw new IllegalArgumentException("patchesPerImage must be at least 1, was " + patchesPerImage);
        if (directions < SLICE || directions % SLICE != 0)
            throw new IllegalArgumentException("directions must be a positive multiple of " + SLICE + ", was " + directions);
        this.patchesPerImage = patchesPerImage;
        this.directions = directions;
        this.seed = seed;
        this.units = unitDirections(directions, new SplittableRandom(seed));
    }

    public int patchesPerImage() {
        return patchesPerImage;
    }

    public int directions() {
        return directions;
    }

    /** The SWD (times 1000) between two sets of images, each [n, 3, size, size] in [-1, 1], of one size. */
    public SwdByLevel distance(INDArray a, INDArray b) {
        int size = sizeOf(a);
        if (sizeOf(b) != size) {
            throw new IllegalArgumentException("both sets must have one image size, got " + size + " and " + sizeOf(b));
        }
        Descriptors da = descriptors(size);
        da.add(a);
        Descriptors db = descriptors(size);
        db.add(b);
        return distance(da.finish(), db.finish());
    }

    /** An empty descriptor set for images of {@code size}; add images in batches, in a fixed order, then finish. */
    Descriptors descriptors(int size) {
        return new Descriptors(size);
    }

    /** Level by level distances between two finished descriptor sets of one image size. */
    SwdByLevel distance(Descriptors a, Descriptors b) {
        return distance(a, project(b));
    }

    /** Level by level distances between a finished descriptor set and a projected one of the same image size. */
    SwdByLevel distance(Descriptors a, Projections b) {
        if (a.size != b.size) {
            throw new IllegalArgumentException("descriptor sets of images of " + a.size + " and " + b.size + " pixels");
        }
        List<Double> perLevel = new ArrayList<>();
        for (int level = 0; level < a.levels.size(); level++) {
            perLevel.add(1000 * distance(a.levels.get(level), b.levels.get(level)));
        }
        return new SwdByLevel(LaplacianPyramid.levelSizes(a.size), perLevel);
    }

    /** A finished descriptor set's sorted projections on every direction, level by level. */
    Projections project(Descriptors set) {
        if (!set.finished) {
            throw new IllegalStateException("the set is not finished");
        }
        List<float[][]> levels = new ArrayList<>();
        for (PatchDescriptors level : set.levels) {
            if (level.count() == 0) {
                throw new IllegalArgumentException("an image set is empty");
            }
            levels.add(sortedProjections(level));
        }
        return new Projections(set.size, levels);
    }

    /**
     * The mean over the directions of W1 between the projections of a descriptor set and a projected set's. Slices of
     * directions run on the common fork-join pool; their sums are added in slice order, so the result does not depend
     * on the pool.
     */
    private double distance(PatchDescriptors a, float[][] b) {
        if (a.count() == 0) {
            throw new IllegalArgumentException("an image set is empty");
        }
        float[][] pa = sortedProjections(a);
        double[] sums = new double[directions / SLICE];
        IntStream.range(0, sums.length).parallel().forEach(slice -> {
            double sum = 0;
            for (int d = slice * SLICE; d < (slice + 1) * SLICE; d++) {
                sum += wasserstein1(pa[d], b[d]);
            }
            sums[slice] = sum;
        });
        double total = 0;
        for (double sum : sums) {
            total += sum;
        }
        return total / directions;
    }

    /** One image set's sorted projections: per level, per direction. */
    static final class Projections {
        private final int size;
        private final List<float[][]> levels;

        private Projections(int size, List<float[][]> levels) {
            this.size = size;
            this.levels = levels;
        }
    }

    /** The descriptors' projections on every direction, each direction's sorted: [directions][count]. */
    private float[][] sortedProjections(PatchDescriptors set) {
        int n = set.count();
        float[][] sorted = new float[directions][n];
        try (INDArray descriptors = set.matrix();
             INDArray projected = Nd4j.gemm(units, descriptors, false, true).dup('c')) {
            IntStream.range(0, directions / SLICE).parallel().forEach(slice -> {
                FloatBuffer rows = projected.data().asNioFloat();
                for (int d = slice * SLICE; d < (slice + 1) * SLICE; d++) {
                    rows.position(d * n);
                    rows.get(sorted[d]);
                    FloatRadixSort.sort(sorted[d]);
                }
            });
        }
        return sorted;
    }

    /**
     * W1 between two empirical distributions given sorted samples: the integral of |Fa^-1(t) - Fb^-1(t)| over t. Sets
     * of different sizes are walked together on the grid of t in steps of 1 / (a.length * b.length), counted in whole
     * steps, so the walk compares integers and divides once at the end.
     */
    static double wasserstein1(float[] a, float[] b) {
        if (a.length == b.length) {
            double sum = 0;
            for (int i = 0; i < a.length; i++) {
                sum += Math.abs(a[i] - b[i]);
            }
            return sum / a.length;
        }
        long na = a.length;
        long nb = b.length;
        double sum = 0;
        long t = 0;
        long ta = nb;   // where a[i]'s share of t ends: (i + 1) / na, in steps
        long tb = na;   // where b[j]'s share ends
        int i = 0;
        int j = 0;
        while (i < na && j < nb) {
            long next = Math.min(ta, tb);
            sum += (next - t) * (double) Math.abs(a[i] - b[j]);
            t = next;
            if (ta == next) {
                i++;
                ta += nb;
            }
            if (tb == next) {
                j++;
                tb += na;
            }
        }
        return sum / ((double) na * nb);
    }

    private static INDArray unitDirections(int count, SplittableRandom random) {
        int length = PatchDescriptors.LENGTH;
        float[] out = new float[count * length];
        double[] u = new double[length];
        for (int d = 0; d < count; d++) {
            double norm = 0;
            for (int j = 0; j < length; j++) {
                u[j] = random.nextGaussian();
                norm += u[j] * u[j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < length; j++) {
                out[d * length + j] = (float) (u[j] / norm);
            }
        }
        return Nd4j.create(out, new long[] {count, length}, 'c');
    }

    static int sizeOf(INDArray images) {
        long[] s = images.shape();
        if (s.length != 4 || s[1] != 3 || s[2] != s[3] || s[0] < 1) {
            throw new IllegalArgumentException("images must have shape [n, 3, size, size] with n >= 1, got "
                    + Arrays.toString(s));
        }
        return (int) s[2];
    }

    /** The images as a float array in NCHW order. */
    static float[] floats(INDArray images) {
        return images.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** The descriptors of one image set, level by level, filled batch by batch. */
    final class Descriptors {
        private final int size;
        private final List<PatchDescriptors> levels = new ArrayList<>();
        private final List<SplittableRandom> positions = new ArrayList<>();
        private boolean finished;

        private Descriptors(int size) {
            this.size = size;
            List<Integer> sizes = LaplacianPyramid.levelSizes(size);
            for (int level = 0; level < sizes.size(); level++) {
                levels.add(new PatchDescriptors(BATCH * patchesPerImage));
                positions.add(new SplittableRandom(seed * 31 + level + 1));
            }
        }

        /** Adds images [n, 3, size, size]. */
        void add(INDArray images) {
            if (sizeOf(images) != size) {
                throw new IllegalArgumentException("images of " + sizeOf(images) + " pixels in a set of " + size);
            }
            int n = (int) images.size(0);
            for (int start = 0; start < n; start += BATCH) {
                int count = Math.min(BATCH, n - start);
                INDArray batch = images.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(start, start + count));
                add(floats(batch), count);
            }
        }

        /** Adds {@code count} images given as NCHW floats. */
        void add(float[] images, int count) {
            if (finished) {
                throw new IllegalStateException("the set is finished");
            }
            List<float[]> pyramid = LaplacianPyramid.levels(images, count * 3, size);
            int s = size;
            for (int level = 0; level < pyramid.size(); level++) {
                levels.get(level).sample(pyramid.get(level), count, s, patchesPerImage, positions.get(level));
                s /= 2;
            }
        }

        /** Standardizes each level's descriptors; no images can be added after. */
        Descriptors finish() {
            if (!finished) {
                levels.forEach(PatchDescriptors::normalize);
                finished = true;
            }
            return this;
        }
    }
}
