package dev.toonforge.trainer.service;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/runs}: only {@code dataset} is required. The preset defaults to the one matching the dataset's image size
 * (128: seed-128, 64: dcgan-64, 32: tiny-32), or to the source's preset for a fine-tuned run; learning rates default to
 * the preset's; the rest to the DCGAN library's defaults (batch 64, beta1 0.5, instance noise 0.05); the seed to a random
 * one; retention to the trainer's settings. {@code initFrom} starts the run from another run's checkpoint;
 * {@code name} and {@code note} label it. {@code emaDecay} (absent or 0: off) averages the generator's weights,
 * {@code augment} lists the augmentations on the discriminator's side (default {@code ["flip"]}) and {@code onAlarm}
 * says what each warning alarm does ({@code {"collapse": "warn"|"stop", "discriminatorWins": "warn"|"stop"}}, default
 * warn).
 */
public record RunRequest(
        String dataset,
        String preset,
        Integer epochs,
        Integer batchSize,
        Double lrD,
        Double lrG,
        Double beta1,
        Double instanceNoise,
        Long seed,
        InitFromRequest initFrom,
        String name,
        String note,
        Integer keepLastCheckpoints,
        Integer keepEveryNthCheckpoint,
        Double emaDecay,
        List<String> augment,
        Map<String, String> onAlarm) {

    /** A run from random weights, without labels, with the trainer's retention. */
    public RunRequest(String dataset, String preset, Integer epochs, Integer batchSize, Double lrD, Double lrG, Double beta1,
                      Double instanceNoise, Long seed) {
        this(dataset, preset, epochs, batchSize, lrD, lrG, beta1, instanceNoise, seed, null, null, null, null, null);
    }

    /** A request without the generator average, augmentation and alarm options (their defaults apply). */
    public RunRequest(String dataset, String preset, Integer epochs, Integer batchSize, Double lrD, Double lrG, Double beta1,
                      Double instanceNoise, Long seed, InitFromRequest initFrom, String name, String note,
                      Integer keepLastCheckpoints, Integer keepEveryNthCheckpoint) {
        this(dataset, preset, epochs, batchSize, lrD, lrG, beta1, instanceNoise, seed, initFrom, name, note,
                keepLastCheckpoints, keepEveryNthCheckpoint, null, null, null);
    }

    /**
     * {@code "initFrom": {"runId": ..., "epoch": N, "optimizerState": "fresh" | "carry"}}; optimizerState defaults to
     * fresh.
     */
    public record InitFromRequest(String runId, Integer epoch, String optimizerState) {
    }

    RunRequest withPreset(String newPreset) {
        return new RunRequest(dataset, newPreset, epochs, batchSize, lrD, lrG, beta1, instanceNoise, seed, initFrom, name,
                note, keepLastCheckpoints, keepEveryNthCheckpoint, emaDecay, augment, onAlarm);
    }
}
