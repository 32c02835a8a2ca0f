package dev.toonforge.trainer.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.InitFrom;
import dev.toonforge.contracts.storage.RunConfig;
import dev.toonforge.contracts.storage.RunLabels;
import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.Preset;

/**
 * Turns a {@code POST /api/runs} request into a run's configuration, once, at creation: what the request leaves out comes
 * from the preset (learning rates), the DCGAN library's defaults (batch size, beta1, instance noise), the trainer's
 * settings (epochs) and {@link TrainingOptionsValidator} (generator average, augmentation, alarms); what it gets wrong is an {@link InvalidRunException} that says what to send instead.
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
        Integer keepLast = request.keepLastCheckpoints();
        if (keepLast != null && keepLast < 1) {
            throw new InvalidRunException("keepLastCheckpoints must be at least 1, was " + keepLast + ".");
        }
        Integer keepEvery = request.keepEveryNthCheckpoint();
        if (keepEvery != null && keepEvery < 0) {
            throw new InvalidRunException("keepEveryNthCheckpoint must be 0 (none) or positive, was " + keepEvery + ".");
        }
        return new RunConfig(dataset.dataset(), preset.name(), preset.imageSize(), epochs, seed, batchSize, lrD, lrG, beta1,
                noise, keepLast, keepEvery, initFrom(request.initFrom()),
                TrainingOptionsValidator.emaDecay(request.emaDecay()), TrainingOptionsValidator.augment(request.augment()),
                TrainingOptionsValidator.onAlarm(request.onAlarm()));
    }

    /** The checkpoint to start from, checked for form only (whether it exists is the store's to say); null for none. */
    static InitFrom initFrom(RunRequest.InitFromRequest from) {
        if (from == null) {
            return null;
        }
        if (from.runId() == null || from.runId().isBlank()) {
            throw new InvalidRunException("initFrom needs a \"runId\": the run whose checkpoint this run starts from.");
        }
        if (!Names.isRunId(from.runId())) {
            throw new InvalidRunException("initFrom.runId '" + from.runId() + "' is not a run id.");
        }
        if (from.epoch() == null || from.epoch() < 1) {
            throw new InvalidRunException("initFrom needs an \"epoch\" of at least 1 (the checkpoint to start from), was "
                    + from.epoch() + ".");
        }
        String optimizer = from.optimizerState() == null ? InitFrom.FRESH : from.optimizerState();
        if (!optimizer.equals(InitFrom.FRESH) && !optimizer.equals(InitFrom.CARRY)) {
            throw new InvalidRunException("initFrom.optimizerState must be \"fresh\" or \"carry\", was \"" + optimizer
                    + "\".");
        }
        return new InitFrom(from.runId(), from.epoch(), optimizer);
    }

    /** A name and note, trimmed (blank: unset), within {@link RunLabels#MAX_NAME} and {@link RunLabels#MAX_NOTE}. */
    static RunLabels labels(String name, String note) {
        return new RunLabels(label(name, "name", RunLabels.MAX_NAME), label(note, "note", RunLabels.MAX_NOTE));
    }

    /** {@code {"name": ..., "note": ...}} over {@code current}: a field left out stays, null or blank unsets it. */
    static RunLabels labelsPatch(RunLabels current, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRunException("The request needs a JSON object with \"name\" and/or \"note\".");
        }
        patch.fieldNames().forEachRemaining(field -> {
            if (!field.equals("name") && !field.equals("note")) {
                throw new InvalidRunException("Unknown field \"" + field + "\"; a run's \"name\" and \"note\" can change.");
            }
        });
        String name = patch.has("name") ? label(text(patch.get("name"), "name"), "name", RunLabels.MAX_NAME) : current.name();
        String note = patch.has("note") ? label(text(patch.get("note"), "note"), "note", RunLabels.MAX_NOTE) : current.note();
        return new RunLabels(name, note);
    }

    private static String text(JsonNode value, String field) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidRunException(field + " must be a string or null, was " + value.getNodeType().name().toLowerCase()
                    + ".");
        }
        return value.asText();
    }

    static String label(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        if (trimmed.length() > max) {
            throw new InvalidRunException(field + " may have at most " + max + " characters, had " + trimmed.length() + ".");
        }
        return trimmed;
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
