package dev.toonforge.trainer.service;

import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.RunConfig;
import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.Preset;

/**
 * Turns a {@code POST /api/runs} request into a run's configuration, once, at creation: what the request leaves out comes
 * from the preset (learning rates), the DCGAN library's defaults (batch size, beta1, instance noise) and the trainer's
 * settings (epochs); what it gets wrong is an {@link InvalidRunException} that says what to send instead.
 */
final class RunRequestValidator {

    private RunRequestValidator() {
    }

    /**
     * @param dataset      the dataset's manifest (its image size picks the default preset)
     * @param imageCount   how many images the dataset holds now
     * @param randomSeed   the seed when the request names none
     */
    static RunConfig validate(RunRequest request, DatasetManifest dataset, int imageCount, int defaultEpochs,
                              long randomSeed) {
        Preset preset = preset(request.preset(), dataset.imageSize());
        if (preset.imageSize() != dataset.imageSize()) {
            throw new InvalidRunException("Preset '" + preset.name() + "' trains on " + preset.imageSize() + " px images; dataset '"
                    + dataset.dataset() + "' holds " + dataset.imageSize() + " px images.");
        }
        DcganConfig defaults = DcganConfig.forPreset(preset);
        int batchSize = positive(request.batchSize(), defaults.batchSize(), "batchSize");
        int epochs = positive(request.epochs(), defaultEpochs, "epochs");
        if (imageCount < batchSize) {
            throw new InvalidRunException("Dataset '" + dataset.dataset() + "' has " + imageCount + " images; a run with batch size "
                    + batchSize + " needs at least " + batchSize + ".");
        }
        double lrD = positive(request.lrD(), defaults.learningRateD(), "lrD");
        double lrG = positive(request.lrG(), defaults.learningRateG(), "lrG");
        double beta1 = request.beta1() != null ? request.beta1() : defaults.beta1();
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new InvalidRunException("beta1 must be in [0, 1), was " + beta1 + ".");
        }
        double noise = request.instanceNoise() != null ? request.instanceNoise() : defaults.instanceNoiseStd();
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new InvalidRunException("instanceNoise must be 0 (off) or positive, was " + noise + ".");
        }
        long seed = request.seed() != null ? request.seed() : randomSeed;
        return new RunConfig(dataset.dataset(), preset.name(), preset.imageSize(), epochs, seed, batchSize, lrD, lrG, beta1,
                noise);
    }

    private static Preset preset(String name, int datasetSize) {
        if (name == null || name.isBlank()) {
            return Preset.all().stream().filter(p -> p.imageSize() == datasetSize).findFirst()
                    .orElseThrow(() -> new InvalidRunException("No preset trains on " + datasetSize + " px images."));
        }
        try {
            return Preset.byName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidRunException("Unknown preset '" + name + "'; choose one of "
                    + Preset.all().stream().map(Preset::name).toList() + ".");
        }
    }

    private static int positive(Integer value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new InvalidRunException(name + " must be at least 1, was " + value + ".");
        }
        return value;
    }

    private static double positive(Double value, double fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidRunException(name + " must be positive, was " + value + ".");
        }
        return value;
    }
}
