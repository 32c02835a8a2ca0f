package dev.toonforge.dcgan.quality;

import java.util.List;

/**
 * Sliced Wasserstein distances (times 1000) per Laplacian pyramid level.
 *
 * @param levelSizes the levels' sizes in pixels, full size first, down to 16
 * @param perLevel   the distance at each level, in the same order
 */
public record SwdByLevel(List<Integer> levelSizes, List<Double> perLevel) {

    public SwdByLevel {
        levelSizes = List.copyOf(levelSizes);
        perLevel = List.copyOf(perLevel);
        if (levelSizes.size() != perLevel.size()) {
            throw new IllegalArgumentException(levelSizes.size() + " level sizes for " + perLevel.size() + " distances");
        }
    }

    /** The average over the levels. */
    public double mean() {
        return perLevel.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
