package dev.toonforge.contracts.storage;

/** What the trainer does when a warning alarm fires on a run. */
public enum AlarmAction {
    /** Record the alarm on the run, announce it, and keep training. */
    warn,
    /** Record and announce the alarm, then stop the run (it can be resumed from its last checkpoint). */
    stop
}
