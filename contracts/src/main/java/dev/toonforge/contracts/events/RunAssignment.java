package dev.toonforge.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.naming.Names;

import java.time.Instant;

/**
 * A run to be trained, on {@code training.runs}: the trainer that owns the record's partition trains it while its
 * run.json says queued or running. Sent when a run is created or resumed; sent with {@code stop} when any trainer is
 * asked to stop it (the owner stops it). A tombstone (null value, same key) follows once the run has ended or is
 * deleted, so the compacted topic forgets it.
 *
 * @param stop true: the owner stops the run (state stopped, resumable) instead of training it
 */
public record RunAssignment(
        int schemaVersion,
        String runId,
        String dataset,
        boolean stop,
        Instant at) implements ToonforgeEvent {

    public static final int SCHEMA_VERSION = 1;

    public static RunAssignment train(String runId, String dataset, Instant at) {
        return new RunAssignment(SCHEMA_VERSION, Names.requireRunId(runId), Names.requireDataset(dataset), false, at);
    }

    public static RunAssignment stop(String runId, String dataset, Instant at) {
        return new RunAssignment(SCHEMA_VERSION, Names.requireRunId(runId), Names.requireDataset(dataset), true, at);
    }

    @Override
    @JsonIgnore
    public String kafkaKey() {
        return runId;
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.TRAINING_RUNS;
    }
}
