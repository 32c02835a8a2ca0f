package dev.toonforge.contracts.events;

/** A record on a topic that this build cannot turn into an event: malformed JSON or a schema version it does not know. */
public class EventDecodingException extends Exception {

    private final boolean unknownVersion;

    EventDecodingException(String message, boolean unknownVersion, Throwable cause) {
        super(message, cause);
        this.unknownVersion = unknownVersion;
    }

    /** True when the JSON was fine but carried a schemaVersion this build does not support. */
    public boolean isUnknownVersion() {
        return unknownVersion;
    }
}
