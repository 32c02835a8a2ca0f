package dev.toonforge.trainer.service;

/**
 * {@code POST /api/runs}: only {@code dataset} is required. The preset defaults to the one matching the dataset's image size
 * (128: seed-128, 64: dcgan-64, 32: tiny-32); learning rates default to the preset's; the rest to the DCGAN library's
 * defaults (batch 64, beta1 0.5, instance noise 0.05); the seed to a random one.
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
        Long seed) {
}
