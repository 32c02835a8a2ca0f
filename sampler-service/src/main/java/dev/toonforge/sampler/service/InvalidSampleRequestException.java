package dev.toonforge.sampler.service;

/** A parameter out of range or malformed; the message names the allowed range. Answered with 400. */
public class InvalidSampleRequestException extends RuntimeException {

    public InvalidSampleRequestException(String message) {
        super(message);
    }
}
