package dev.toonforge.contracts.storage;

import java.time.Instant;

/**
 * An alarm raised on a run, kept in its progress so the gallery can badge the epoch.
 *
 * @param kind    what went wrong
 * @param epoch   the epoch whose end (or, for divergence, whose steps) raised it
 * @param step    generator updates done when it was raised
 * @param action  what the trainer did: warned, stopped the run, or failed it
 * @param message what was measured, for a person
 */
public record RunAlarm(AlarmKind kind, int epoch, long step, String action, String message, Instant at) {

    public static final String WARNED = "warned";
    public static final String STOPPED = "stopped";
    public static final String FAILED = "failed";
}
