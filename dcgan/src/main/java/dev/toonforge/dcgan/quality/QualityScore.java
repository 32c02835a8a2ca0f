package dev.toonforge.dcgan.quality;

import java.util.List;

/**
 * How a generator's samples compare with the data, from {@link QualityProbe#evaluate}.
 *
 * @param step        the training step of the generator's weights
 * @param swd         the sliced Wasserstein distance to the real images, times 1000, averaged over the pyramid levels
 *                    (lower is better; see {@link SlicedWasserstein})
 * @param levelSizes  the pyramid levels' sizes in pixels, full size first, down to 16
 * @param swdPerLevel the distance at each level, in the order of {@code levelSizes}
 * @param diversity   the samples' mean pairwise distance (on 16x16 thumbnails) over the real images' own: about 1 when
 *                    the samples vary as much as the data, near 0 when G has collapsed to a few images
 */
public record QualityScore(long step, double swd, List<Integer> levelSizes, List<Double> swdPerLevel, double diversity) {

    public QualityScore {
        levelSizes = List.copyOf(levelSizes);
        swdPerLevel = List.copyOf(swdPerLevel);
    }
}
