package dev.toonforge.contracts.storage;

import java.time.Instant;

/**
 * {@code runs/{runId}/latest.json}: points at the newest complete checkpoint of a run. Written only after the checkpoint
 * and its sample grid are stored, so it never names a missing object.
 */
public record LatestCheckpoint(
        int schemaVersion,
        String runId,
        String dataset,
        String preset,
        int imageSize,
        int epoch,
        long step,
        String checkpointKey,
        String sampleKey,
        Instant publishedAt) {

    public static final int SCHEMA_VERSION = 1;
}
