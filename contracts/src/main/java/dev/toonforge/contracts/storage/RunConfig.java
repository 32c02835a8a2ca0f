package dev.toonforge.contracts.storage;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

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
 * @param emaDecay         decay of the exponential moving average of the generator's weights that grids, scores and
 *                         the sampler use; null or 0: no average, the generator as trained
 * @param augment          the augmentations applied on the discriminator's side ("flip", "translation", "color",
 *                         "cutout"); null (runs created before the option existed): flips only
 * @param onAlarm          what each warning alarm does; null: warn
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
        @JsonInclude(JsonInclude.Include.NON_NULL) InitFrom initFrom,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double emaDecay,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> augment,
        @JsonInclude(JsonInclude.Include.NON_NULL) AlarmActions onAlarm) {

    /** What runs created before augmentation was an option did: flip real images. */
    public static final List<String> FLIP_ONLY = List.of("flip");

    public RunConfig {
        augment = augment == null ? null : List.copyOf(augment);
    }

    /** A run with the trainer's defaults for the generator average, augmentation and alarms. */
    public RunConfig(String dataset, String preset, int imageSize, int epochs, long seed, int batchSize,
                     double learningRateD, double learningRateG, double beta1, double instanceNoiseStd,
                     Integer keepLastCheckpoints, Integer keepEveryNthCheckpoint, InitFrom initFrom) {
        this(dataset, preset, imageSize, epochs, seed, batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd,
                keepLastCheckpoints, keepEveryNthCheckpoint, initFrom, null, null, null);
    }

    /** A run from random weights with the trainer's retention. */
    public RunConfig(String dataset, String preset, int imageSize, int epochs, long seed, int batchSize,
                     double learningRateD, double learningRateG, double beta1, double instanceNoiseStd) {
        this(dataset, preset, imageSize, epochs, seed, batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd,
                null, null, null);
    }

    /** The decay of the generator average; 0 when there is none. */
    public double emaDecayOrOff() {
        return emaDecay == null ? 0 : emaDecay;
    }

    /** The augmentations; runs that never chose any flip real images. */
    public List<String> augmentations() {
        return augment == null ? FLIP_ONLY : augment;
    }

    /** What each warning alarm does; runs that never chose warn. */
    public AlarmActions alarmActions() {
        return onAlarm == null ? AlarmActions.WARN : onAlarm;
    }
}
