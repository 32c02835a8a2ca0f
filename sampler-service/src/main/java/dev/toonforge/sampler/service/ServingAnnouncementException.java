package dev.toonforge.sampler.service;

/** The serving choice is stored but the models.served event could not be sent (answered with 503). */
public class ServingAnnouncementException extends RuntimeException {

    public ServingAnnouncementException(String message, Throwable cause) {
        super(message, cause);
    }
}
