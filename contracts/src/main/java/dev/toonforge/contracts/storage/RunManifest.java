package dev.toonforge.contracts.storage;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * {@code runs/{runId}/run.json}: a run's configuration (set once, when the run is created) and its progress (replaced as
 * it trains). Written by the trainer, read by the gallery. Both parts are unwrapped into one flat JSON object, so
 * {@code run.json} and {@code GET /api/runs/{id}} read {@code {"runId":..., "dataset":..., "state":..., "epoch":...}}.
 */
public record RunManifest(
        int schemaVersion,
        String runId,
        @JsonUnwrapped RunConfig config,
        @JsonUnwrapped RunProgress progress,
        Instant createdAt,
        Instant updatedAt) {

    public static final int SCHEMA_VERSION = 1;

    /** A run just created: queued, nothing trained. */
    public static RunManifest created(String runId, RunConfig config, Instant now) {
        return new RunManifest(SCHEMA_VERSION, runId, config, RunProgress.queued(), now, now);
    }

    public RunState state() {
        return progress.state();
    }

    public RunManifest withProgress(UnaryOperator<RunProgress> change, Instant now) {
        return new RunManifest(schemaVersion, runId, config, change.apply(progress), createdAt, now);
    }
}
