package dev.toonforge.common.rest;

/**
 * A delete that cannot be carried out now (409: something still needs what would be deleted) or could not finish
 * (503: repeat it). The message says which and what to do; {@link ErrorMappers} turns it into the answer.
 */
public class DeletionRefusedException extends RuntimeException {

    private final boolean conflict;

    public DeletionRefusedException(String message, boolean conflict, Throwable cause) {
        super(message, cause);
        this.conflict = conflict;
    }

    public boolean isConflict() {
        return conflict;
    }
}
