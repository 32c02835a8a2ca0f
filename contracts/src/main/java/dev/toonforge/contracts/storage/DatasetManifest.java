package dev.toonforge.contracts.storage;

import java.time.Instant;

/**
 * {@code datasets/{dataset}/dataset.json}: what the image objects cannot tell about a dataset: its image size (fixed by
 * the first upload) and when it was created and last uploaded to. Written by ingest; {@code updatedAt} is written after
 * an upload's images are stored, so a reader that saw the same time before listing the images has seen every image
 * (the trainer lists a dataset again only when it moves). Which images belong to the dataset is the listing of
 * {@code datasets/{dataset}/images/}, and nothing else: counts are derived from it.
 */
public record DatasetManifest(
        int schemaVersion,
        String dataset,
        int imageSize,
        Instant createdAt,
        Instant updatedAt) {

    public static final int SCHEMA_VERSION = 1;

    public static DatasetManifest create(String dataset, int imageSize, Instant now) {
        return new DatasetManifest(SCHEMA_VERSION, dataset, imageSize, now, now);
    }

    public DatasetManifest withUpdatedAt(Instant now) {
        return new DatasetManifest(schemaVersion, dataset, imageSize, createdAt, now);
    }
}
