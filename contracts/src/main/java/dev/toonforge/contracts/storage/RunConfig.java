package dev.toonforge.contracts.storage;

/**
 * What a run trains, fixed when the run is created: the dataset, the architecture and the hyperparameters.
 *
 * @param imageSize        the preset's image size, which is the dataset's
 * @param epochs           epochs to train
 * @param seed             seeds the weights, the data order and the fixed noise of the per-epoch grids
 * @param instanceNoiseStd standard deviation of the noise added to D's inputs (0: off)
 */
public record RunConfig(
        String dataset,
        String preset,
        int imageSize,
        int epochs,
        long seed,
        int batchSize,
        double learningRateD,
        double learningRateG,
        double beta1,
        double instanceNoiseStd) {
}
