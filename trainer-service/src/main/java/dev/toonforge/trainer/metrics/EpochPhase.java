package dev.toonforge.trainer.metrics;

import java.util.Locale;

/**
 * Where a run's time on the training thread goes, epoch by epoch: what {@code toonforge.trainer.epoch.phase} is tagged
 * with. Together with the storing on the run's publisher thread, these are everything a run does besides its steps.
 */
public enum EpochPhase {
    /** Listing and decoding the dataset (at the start and at each refresh), and waiting for a batch to be assembled. */
    DATA,
    /** The training steps themselves. */
    STEPS,
    /** Generating the fixed-noise grid's samples (the run's publisher lays them out and encodes the PNG). */
    GRID,
    /** Measuring the quality score, when due. */
    SCORE,
    /** Serialising the checkpoint, when due. */
    CHECKPOINT,
    /** Waiting for the publisher when its backlog is full, and handing it the epoch. */
    STORAGE_WAIT,
    /** Epoch and progress lines, progress events. */
    REPORT;

    /** The tag value: the name in lower case with dashes ("storage-wait"). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
