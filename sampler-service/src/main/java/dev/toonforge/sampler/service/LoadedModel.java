package dev.toonforge.sampler.service;

import dev.toonforge.dcgan.Generator;

import java.time.Instant;

/**
 * A generator in memory and the checkpoint it came from. Immutable: a newer checkpoint replaces the whole record, so a
 * request that picked a model keeps a consistent one to the end.
 *
 * @param publishedAt when the trainer published the checkpoint (null when loaded by epoch and unknown)
 */
public record LoadedModel(String runId, String dataset, String preset, int epoch, String checkpointKey,
                          Instant publishedAt, Instant loadedAt, Generator generator) {

    /** {runId}@{epoch}, as {@link dev.toonforge.contracts.events.CheckpointPublished#checkpointId()}. */
    public String checkpointId() {
        return runId + "@" + epoch;
    }

    public int imageSize() {
        return generator.imageSize();
    }

    /** Newer for the same dataset: within a run the higher epoch; across runs the later publication, then the higher epoch. */
    public boolean isNewerThan(LoadedModel other) {
        if (other == null) {
            return true;
        }
        if (runId.equals(other.runId)) {
            return epoch > other.epoch;
        }
        Instant mine = publishedAt == null ? Instant.MIN : publishedAt;
        Instant theirs = other.publishedAt == null ? Instant.MIN : other.publishedAt;
        int byTime = mine.compareTo(theirs);
        return byTime != 0 ? byTime > 0 : epoch > other.epoch;
    }
}
