package dev.toonforge.contracts.storage;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a run stands, and the moves between states the trainer makes:
 * <pre>
 * queued  -> running | stopped | failed | queued   (queued again when a trainer restarts or takes it over)
 * running -> completed | failed | stopped | queued
 * stopped -> queued                                  (resume)
 * failed  -> queued                                  (resume)
 * completed: final
 * </pre>
 */
public enum RunState {
    queued, running, completed, failed, stopped;

    /** Whether a run in this state may move to {@code next}. */
    public boolean canBecome(RunState next) {
        return successors().contains(next);
    }

    /** True for states no run leaves on its own (a failed run leaves only when a user resumes it). */
    public boolean isFinal() {
        return this == completed || this == failed;
    }

    /** A run in this state trains now or will when the trainer gets to it. */
    public boolean isActive() {
        return this == queued || this == running;
    }

    private Set<RunState> successors() {
        return switch (this) {
            case queued -> EnumSet.of(running, stopped, failed, queued);
            case running -> EnumSet.of(completed, failed, stopped, queued);
            case stopped, failed -> EnumSet.of(queued);
            case completed -> EnumSet.noneOf(RunState.class);
        };
    }
}
