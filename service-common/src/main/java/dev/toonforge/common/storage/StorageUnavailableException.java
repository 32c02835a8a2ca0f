package dev.toonforge.common.storage;

/** The object store did not answer or refused an operation; the caller may retry later. Maps to HTTP 503. */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
