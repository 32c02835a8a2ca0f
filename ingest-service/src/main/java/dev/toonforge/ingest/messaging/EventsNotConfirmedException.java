package dev.toonforge.ingest.messaging;

/** Kafka did not acknowledge every event of a request in time; the images stay stored and a retry re-emits them. */
public class EventsNotConfirmedException extends RuntimeException {

    public EventsNotConfirmedException(String message, Throwable cause) {
        super(message, cause);
    }
}
