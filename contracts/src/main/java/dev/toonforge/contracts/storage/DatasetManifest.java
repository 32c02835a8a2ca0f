package dev.toonforge.contracts.storage;

import java.time.Instant;

/** {@code datasets/{dataset}/dataset.json}: the source of truth for a dataset's size and image count. Written by ingest. */
public record DatasetManifest(
        int schemaVersion,
        String dataset,
        int imageSize,
        int imageCount,
        Instant createdAt,
        Instant updatedAt) {

    public static final int SCHEMA_VERSION = 1;

    public static DatasetManifest create(String dataset, int imageSize, Instant now) {
        return new DatasetManifest(SCHEMA_VERSION, dataset, imageSize, 0, now, now);
    }

    public DatasetManifest withImageCount(int count, Instant now) {
        return new DatasetManifest(schemaVersion, dataset, imageSize, count, createdAt, now);
    }
}
