package dev.toonforge.contracts.storage;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a run trains, fixed when the run is created: the dataset, the architecture and the hyperparameters.
 *
 * @param imageSize        the preset's image size, which is the dataset's
 * @param epochs           epochs to train
 * @param seed             seeds the weights, the data order and the fixed noise of the per-epoch grids
 * @param instanceNoiseStd standard deviation of the noise added to D's inputs (0: off)
 * @param keepLastCheckpoints    the run's own retention: newest K checkpoints kept; null: the trainer's setting
 * @param keepEveryNthCheckpoint ... plus every Mth epoch (0: none); null: the trainer's setting
 * @param initFrom         the checkpoint a fine-tuned run starts from; null for random weights
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
        double instanceNoiseStd,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer keepLastCheckpoints,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer keepEveryNthCheckpoint,
        @JsonInclude(JsonInclude.Include.NON_NULL) InitFrom initFrom) {

    /** A run from random weights with the trainer's retention. */
    public RunConfig(String dataset, String preset, int imageSize, int epochs, long seed, int batchSize,
                     double learningRateD, double learningRateG, double beta1, double instanceNoiseStd) {
        this(dataset, preset, imageSize, epochs, seed, batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd,
                null, null, null);
    }
}
