package dev.toonforge.ingest.service;

import java.util.List;

/** What happened to every file of one upload; the JSON body of the upload endpoint. */
public record UploadReport(
        String dataset,
        int imageSize,
        List<Accepted> accepted,
        List<Duplicate> duplicates,
        List<Rejected> rejected,
        int imageCount) {

    /** Stored as a new image of the dataset. */
    public record Accepted(String name, String key, String sha256) {
    }

    /** The same normalized picture is already in the dataset. */
    public record Duplicate(String name, String sha256) {
    }

    public record Rejected(String name, String reason) {
    }

    public boolean everythingRejected() {
        return accepted.isEmpty() && duplicates.isEmpty();
    }
}
