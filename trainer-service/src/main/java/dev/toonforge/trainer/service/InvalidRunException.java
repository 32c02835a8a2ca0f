package dev.toonforge.trainer.service;

/** A run request or action that cannot be carried out as asked; the message says why. Maps to 400 (or 409 for state). */
public class InvalidRunException extends RuntimeException {

    private final boolean conflict;

    public InvalidRunException(String message) {
        this(message, false);
    }

    public InvalidRunException(String message, boolean conflict) {
        super(message);
        this.conflict = conflict;
    }

    public boolean isConflict() {
        return conflict;
    }
}
