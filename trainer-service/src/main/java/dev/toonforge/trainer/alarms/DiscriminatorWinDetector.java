package dev.toonforge.trainer.alarms;

import dev.toonforge.dcgan.StepResult;

/**
 * Watches the losses step by step for a discriminator that wins outright: over the last {@code windowSteps} steps its
 * mean loss stays below {@code dLossBelow} while the generator's loss is above {@code gLossAbove} and still climbing
 * (its newer half-window averages more than its older half). With one-sided label smoothing (real label 0.9) the
 * discriminator's loss cannot go below about 0.325, so "near zero" means near that floor.
 *
 * <p>{@link #feed} says when the condition starts; it counts as over only once the discriminator's mean loss rises
 * above the threshold again or the generator's drops below its own, so a plateau does not raise it twice.
 */
public final class DiscriminatorWinDetector {

    private final double dLossBelow;
    private final double gLossAbove;
    private final double[] dLosses;
    private final double[] gLosses;
    private long seen;
    private boolean winning;
    private Window last;

    /** The window's figures when the condition started, for the alarm's message. */
    public record Window(int steps, double meanDLoss, double olderGLoss, double newerGLoss) {
    }

    public DiscriminatorWinDetector(int windowSteps, double dLossBelow, double gLossAbove) {
        if (windowSteps < 2) {
            throw new IllegalArgumentException("the window needs at least 2 steps, was " + windowSteps);
        }
        this.dLossBelow = dLossBelow;
        this.gLossAbove = gLossAbove;
        this.dLosses = new double[windowSteps];
        this.gLosses = new double[windowSteps];
    }

    /** Adds one step; true exactly when the discriminator starts winning outright. */
    public boolean feed(StepResult step) {
        int at = (int) (seen % dLosses.length);
        dLosses[at] = step.discriminatorLoss();
        gLosses[at] = step.generatorLoss();
        seen++;
        if (seen < dLosses.length) {
            return false;
        }
        int size = dLosses.length;
        int half = size / 2;
        double meanD = 0;
        double older = 0;
        double newer = 0;
        for (int i = 0; i < size; i++) {
            int index = (int) ((seen + i) % size);   // i = 0 is the oldest step in the window
            meanD += dLosses[index];
            if (i < half) {
                older += gLosses[index];
            } else if (i >= size - half) {
                newer += gLosses[index];
            }
        }
        meanD /= size;
        older /= half;
        newer /= half;
        if (winning) {
            winning = meanD < dLossBelow && newer > gLossAbove;
            return false;
        }
        winning = meanD < dLossBelow && newer > gLossAbove && newer > older;
        if (winning) {
            last = new Window(size, meanD, older, newer);
        }
        return winning;
    }

    /** The figures of the window that last raised the condition. */
    public Window lastWindow() {
        return last;
    }
}
