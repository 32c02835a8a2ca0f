package dev.toonforge.ingest.rest;

import dev.toonforge.contracts.storage.DatasetManifest;

import java.time.Instant;

/** A dataset as the read endpoints show it: dataset.json and the count of its listed images. */
public record DatasetView(String dataset, int imageCount, int imageSize, Instant createdAt, Instant updatedAt) {

    static DatasetView of(DatasetManifest m, int imageCount) {
        return new DatasetView(m.dataset(), imageCount, m.imageSize(), m.createdAt(), m.updatedAt());
    }
}
