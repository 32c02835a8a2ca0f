package dev.toonforge.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.naming.Names;

import java.time.Instant;

/**
 * A run was deleted: every object under {@code runs/{runId}/} is gone (sent only after they are removed). Consumers
 * forget the run (the sampler stops serving its checkpoints, pinned or not). A repeated DELETE of a run already gone
 * sends it again, so consumers treat it as idempotent.
 *
 * @param dataset the run's dataset, or null when the trainer no longer knew it (a repeated delete)
 */
public record RunDeleted(
        int schemaVersion,
        String runId,
        String dataset,
        Instant deletedAt) implements ToonforgeEvent {

    public static final int SCHEMA_VERSION = 1;

    public static RunDeleted of(String runId, String dataset, Instant deletedAt) {
        Names.requireRunId(runId);
        if (dataset != null) {
            Names.requireDataset(dataset);
        }
        return new RunDeleted(SCHEMA_VERSION, runId, dataset, deletedAt);
    }

    @Override
    @JsonIgnore
    public String kafkaKey() {
        return runId;
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.RUNS_DELETED;
    }
}
