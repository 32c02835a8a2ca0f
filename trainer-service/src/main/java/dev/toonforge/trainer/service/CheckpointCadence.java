package dev.toonforge.trainer.service;

/**
 * Which epochs store a checkpoint: one at least {@code minSeconds} after the previous one (every epoch when epochs are
 * longer than that), the run's last epoch, and the epoch a stop lands on. Small datasets finish an epoch in a few
 * steps; a checkpoint each would cost as much as the steps.
 */
final class CheckpointCadence {

    private final long minNanos;
    private final int lastEpoch;
    private long lastStored;

    /** @param startedNanos when the run's turn started ({@link System#nanoTime()}): the first checkpoint counts from it */
    CheckpointCadence(double minSeconds, int lastEpoch, long startedNanos) {
        this.minNanos = (long) (minSeconds * 1e9);
        this.lastEpoch = lastEpoch;
        this.lastStored = startedNanos;
    }

    boolean due(int epoch, boolean stopping, long nowNanos) {
        return stopping || epoch >= lastEpoch || nowNanos - lastStored >= minNanos;
    }

    void stored(long nowNanos) {
        lastStored = nowNanos;
    }
}
