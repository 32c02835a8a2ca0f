package dev.toonforge.contracts.storage;

import java.time.Instant;

/**
 * {@code runs/{runId}/run.json}: a training run's configuration and where it stands. Written by the trainer whenever the
 * state changes and at every epoch; read by the gallery.
 *
 * @param epoch completed epochs (the newest checkpoint's epoch), 0 before the first
 * @param step  generator updates done
 */
public record RunManifest(
        int schemaVersion,
        String runId,
        String dataset,
        String preset,
        int imageSize,
        RunState state,
        int epochs,
        int epoch,
        long step,
        long seed,
        int batchSize,
        double learningRateD,
        double learningRateG,
        double beta1,
        double instanceNoiseStd,
        String backend,
        Double lastDiscriminatorLoss,
        Double lastGeneratorLoss,
        Double imagesPerSecond,
        Long etaSeconds,
        String error,
        Instant createdAt,
        Instant updatedAt) {

    public static final int SCHEMA_VERSION = 1;

    /** A new state; an ETA only makes sense while running. */
    public RunManifest withState(RunState newState, String newError) {
        return new RunManifest(schemaVersion, runId, dataset, preset, imageSize, newState, epochs, epoch, step, seed,
                batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, backend, lastDiscriminatorLoss,
                lastGeneratorLoss, imagesPerSecond, newState == RunState.running ? etaSeconds : null, newError, createdAt,
                updatedAt);
    }

    public RunManifest withBackend(String newBackend) {
        return new RunManifest(schemaVersion, runId, dataset, preset, imageSize, state, epochs, epoch, step, seed,
                batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, newBackend, lastDiscriminatorLoss,
                lastGeneratorLoss, imagesPerSecond, etaSeconds, error, createdAt, updatedAt);
    }

    public RunManifest withProgress(long newStep, double dLoss, double gLoss, double newImagesPerSecond, Long newEta) {
        return new RunManifest(schemaVersion, runId, dataset, preset, imageSize, state, epochs, epoch, newStep, seed,
                batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, backend, dLoss, gLoss,
                newImagesPerSecond, newEta, error, createdAt, updatedAt);
    }

    /** {@code newEpoch} is complete and checkpointed at {@code newStep}. */
    public RunManifest withEpoch(int newEpoch, long newStep) {
        return new RunManifest(schemaVersion, runId, dataset, preset, imageSize, state, epochs, newEpoch, newStep, seed,
                batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, backend, lastDiscriminatorLoss,
                lastGeneratorLoss, imagesPerSecond, etaSeconds, error, createdAt, updatedAt);
    }

    public RunManifest withUpdatedAt(Instant now) {
        return new RunManifest(schemaVersion, runId, dataset, preset, imageSize, state, epochs, epoch, step, seed,
                batchSize, learningRateD, learningRateG, beta1, instanceNoiseStd, backend, lastDiscriminatorLoss,
                lastGeneratorLoss, imagesPerSecond, etaSeconds, error, createdAt, now);
    }

    public enum RunState {
        queued, running, completed, failed, stopped;

        public boolean isFinal() {
            return this == completed || this == failed;
        }
    }
}
