package dev.toonforge.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.naming.Names;

import java.time.Instant;

/**
 * A live view of a run, every few steps. {@code etaSeconds} is null until a rate is known; {@code score} (the newest
 * quality score, lower is better) and {@code bestEpoch} are null until the first score is measured.
 */
public record TrainingProgress(
        int schemaVersion,
        String runId,
        String dataset,
        String state,
        int epoch,
        int totalEpochs,
        long step,
        long stepsPerEpoch,
        double dLoss,
        double gLoss,
        double imagesPerSecond,
        Long etaSeconds,
        Instant at,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double score,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer bestEpoch) implements ToonforgeEvent {

    public static final int SCHEMA_VERSION = 1;

    public static TrainingProgress of(String runId, String dataset, String state, int epoch, int totalEpochs, long step,
                                      long stepsPerEpoch, double dLoss, double gLoss, double imagesPerSecond,
                                      Long etaSeconds, Instant at) {
        return of(runId, dataset, state, epoch, totalEpochs, step, stepsPerEpoch, dLoss, gLoss, imagesPerSecond,
                etaSeconds, at, null, null);
    }

    public static TrainingProgress of(String runId, String dataset, String state, int epoch, int totalEpochs, long step,
                                      long stepsPerEpoch, double dLoss, double gLoss, double imagesPerSecond,
                                      Long etaSeconds, Instant at, Double score, Integer bestEpoch) {
        Names.requireRunId(runId);
        return new TrainingProgress(SCHEMA_VERSION, runId, dataset, state, epoch, totalEpochs, step, stepsPerEpoch, dLoss,
                gLoss, imagesPerSecond, etaSeconds, at, score, bestEpoch);
    }

    @Override
    @JsonIgnore
    public String kafkaKey() {
        return runId;
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.TRAINING_PROGRESS;
    }
}
