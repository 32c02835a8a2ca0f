package dev.toonforge.contracts.storage;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * {@code runs/{runId}/run.json}: a run's configuration (set once, when the run is created), its progress (replaced as
 * it trains) and its labels (name and note, edited by users). Written by the trainer, read by the gallery. The parts are
 * unwrapped into one flat JSON object, so {@code run.json} and {@code GET /api/runs/{id}} read {@code {"runId":..., "dataset":..., "state":..., "epoch":...}}.
 */
public record RunManifest(
        int schemaVersion,
        String runId,
        @JsonUnwrapped RunConfig config,
        @JsonUnwrapped RunProgress progress,
        @JsonUnwrapped RunLabels labels,
        Instant createdAt,
        Instant updatedAt) {

    /** A run without labels. */
    public RunManifest(int schemaVersion, String runId, RunConfig config, RunProgress progress, Instant createdAt,
                       Instant updatedAt) {
        this(schemaVersion, runId, config, progress, RunLabels.NONE, createdAt, updatedAt);
    }

    /** Old run.json files have no labels: they read as {@link RunLabels#NONE}. */
    public RunManifest {
        if (labels == null) {
            labels = RunLabels.NONE;
        }
    }

    public static final int SCHEMA_VERSION = 1;

    /** A run just created: queued, nothing trained. */
    public static RunManifest created(String runId, RunConfig config, Instant now) {
        return created(runId, config, RunLabels.NONE, now);
    }

    /** A run just created with its labels. */
    public static RunManifest created(String runId, RunConfig config, RunLabels labels, Instant now) {
        return new RunManifest(SCHEMA_VERSION, runId, config, RunProgress.queued(), labels, now, now);
    }

    public RunState state() {
        return progress.state();
    }

    public RunManifest withProgress(UnaryOperator<RunProgress> change, Instant now) {
        return new RunManifest(schemaVersion, runId, config, change.apply(progress), labels, createdAt, now);
    }

    public RunManifest withLabels(RunLabels newLabels, Instant now) {
        return new RunManifest(schemaVersion, runId, config, progress, newLabels, createdAt, now);
    }
}
