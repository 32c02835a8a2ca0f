package dev.toonforge.contracts.naming;

/** A dataset name, run id or hash that must never become part of an object key. The message says what is allowed. */
public class InvalidNameException extends IllegalArgumentException {

    public InvalidNameException(String message) {
        super(message);
    }
}
