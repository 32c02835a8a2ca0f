package dev.toonforge.ingest.service;

/** The request as a whole cannot be served (e.g. a size that contradicts the dataset's); answered with 400. */
public class UploadRefusedException extends RuntimeException {

    public UploadRefusedException(String message) {
        super(message);
    }
}
