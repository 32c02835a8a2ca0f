package dev.toonforge.trainer.quality;

/**
 * How often a run measures its score: every k epochs, with k chosen from what the last measurement cost against an
 * epoch's training, so scoring stays within {@code maxShare} of the training time; always at the run's last epoch.
 * The first epoch a run trains (or resumes) is measured, which gives the first cost.
 */
public final class ScoreCadence {

    private final double maxShare;
    private final int lastEpoch;
    private int every = 1;
    private int lastScored = Integer.MIN_VALUE;
    private double epochSeconds = -1;

    public ScoreCadence(double maxShare, int lastEpoch) {
        if (!(maxShare > 0)) {
            throw new IllegalArgumentException("the score's share of training time must be positive, was " + maxShare);
        }
        this.maxShare = maxShare;
        this.lastEpoch = lastEpoch;
    }

    /** Records an epoch's training time (its steps alone); epochs are averaged, the newest weighing most. */
    public void trained(double seconds) {
        epochSeconds = epochSeconds < 0 ? seconds : 0.7 * epochSeconds + 0.3 * seconds;
    }

    public boolean due(int epoch) {
        return epoch == lastEpoch || lastScored == Integer.MIN_VALUE || epoch - lastScored >= every;
    }

    /** Records a measurement and chooses the next k from its cost. */
    public void measured(int epoch, double seconds) {
        lastScored = epoch;
        if (epochSeconds > 0) {
            every = (int) Math.max(1, Math.ceil(seconds / (maxShare * epochSeconds)));
        }
    }

    /** The current k. */
    public int everyEpochs() {
        return every;
    }
}
