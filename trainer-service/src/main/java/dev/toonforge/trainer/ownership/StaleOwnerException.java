package dev.toonforge.trainer.ownership;

/** This trainer no longer owns the run: a newer owner generation exists, so it stores nothing more of it. */
public class StaleOwnerException extends RuntimeException {

    public StaleOwnerException(String message) {
        super(message);
    }
}
