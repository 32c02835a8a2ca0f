package dev.toonforge.sampler.service;

/** A serving change that the current state forbids (answered with 409 and the reason). */
public class ServingConflictException extends RuntimeException {

    public ServingConflictException(String message) {
        super(message);
    }
}
