package dev.toonforge.trainer.quality;

/**
 * When a run measures its score: all of scoring's time in a turn, the probe's setup included, stays within
 * {@code maxShare} of the time the turn's epochs have trained. The first epoch a turn trains is measured (it gives the
 * first cost), and so is the run's last; between them a measurement is due once the budget covers what scoring has
 * spent plus one more measurement at the last one's cost. Once the setup and the first measurement are paid back, that
 * is every k epochs, k = the last cost over the share of an epoch's training time.
 */
public final class ScoreCadence {

    private final double maxShare;
    private final int lastEpoch;
    private boolean measuredOnce;
    private double spentSeconds;
    private double lastCost;
    private double trainedSeconds;
    private double epochSeconds = -1;

    public ScoreCadence(double maxShare, int lastEpoch) {
        if (!(maxShare > 0)) {
            throw new IllegalArgumentException("the score's share of training time must be positive, was " + maxShare);
        }
        this.maxShare = maxShare;
        this.lastEpoch = lastEpoch;
    }

    /** Records scoring's setup (the real side of the probe), which the budget pays for like a measurement. */
    public void prepared(double seconds) {
        spentSeconds += seconds;
    }

    /** Records an epoch's training time; k uses the epochs' average, the newest weighing most. */
    public void trained(double seconds) {
        trainedSeconds += seconds;
        epochSeconds = epochSeconds < 0 ? seconds : 0.7 * epochSeconds + 0.3 * seconds;
    }

    public boolean due(int epoch) {
        return epoch == lastEpoch || !measuredOnce || maxShare * trainedSeconds >= spentSeconds + lastCost;
    }

    /** Records a measurement's cost. */
    public void measured(double seconds) {
        measuredOnce = true;
        spentSeconds += seconds;
        lastCost = seconds;
    }

    /** k: how many epochs' training pays for one measurement at the last one's cost (1 before the first). */
    public int everyEpochs() {
        if (!measuredOnce || epochSeconds <= 0) {
            return 1;
        }
        return (int) Math.max(1, Math.ceil(lastCost / (maxShare * epochSeconds)));
    }
}
