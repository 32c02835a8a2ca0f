package dev.toonforge.ingest.service;

/**
 * Kafka did not acknowledge every event of an upload in time. The stored images stay stored; uploading the same
 * files again re-sends their {@code images.ingested} events (duplicates are always re-announced). Answered with 503.
 */
public class UploadNotConfirmedException extends RuntimeException {

    private final transient UploadReport report;

    public UploadNotConfirmedException(String message, UploadReport report, Throwable cause) {
        super(message, cause);
        this.report = report;
    }

    public UploadReport report() {
        return report;
    }
}
