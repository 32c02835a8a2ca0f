package dev.toonforge.trainer.messaging;

/**
 * When a run's next {@code training.progress} event goes out: at most one per interval, plus every event that must
 * (one carrying a new score, the run's last epoch). On a few hundred images an epoch takes a tenth of a second; an
 * event per epoch would cost the cores training runs on more than a live view gains from it. One per run, used by its
 * training thread.
 */
public final class ProgressPacing {

    private final long intervalNanos;
    private boolean sent;
    private long lastSent;

    /** @param intervalSeconds the least time between two events that need not go out; 0: every one goes out */
    public ProgressPacing(double intervalSeconds) {
        this.intervalNanos = (long) (intervalSeconds * 1e9);
    }

    /** Whether an event goes out at {@code nanoTime}; the first always does, and one that {@code must}. */
    public boolean due(long nanoTime, boolean must) {
        if (must || !sent || nanoTime - lastSent >= intervalNanos) {
            sent = true;
            lastSent = nanoTime;
            return true;
        }
        return false;
    }
}
