package dev.toonforge.contracts.storage;

/**
 * One line of {@code runs/{runId}/scores.jsonl}: the quality of the generator at the end of an epoch, measured on a
 * fixed set of the dataset's images and a fixed set of noise vectors, so scores compare across epochs and runs of a
 * dataset.
 *
 * @param swd        sliced Wasserstein distance between Laplacian-pyramid patches of generated and real images
 *                   (x1000, averaged over the pyramid's levels): lower is better
 * @param diversity  the generated samples' mean pairwise distance divided by the real images' own: about 1 when the
 *                   samples vary as much as the data, near 0 when the generator has collapsed
 * @param seconds    how long the measurement took
 */
public record EpochScore(int epoch, long step, double swd, double diversity, double seconds, long timeMillis) {
}
