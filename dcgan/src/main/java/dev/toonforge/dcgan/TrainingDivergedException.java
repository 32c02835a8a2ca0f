package dev.toonforge.dcgan;

/**
 * Training produced a loss or weights that are not finite numbers (NaN or infinity): the run cannot go on from this
 * state. Resuming from the last checkpoint with lower learning rates is the usual way out.
 */
public final class TrainingDivergedException extends RuntimeException {

    private final long step;

    /** @param what what was not finite, with its value ("the discriminator's loss is NaN") */
    public TrainingDivergedException(long step, String what) {
        super("training diverged at step " + step + ": " + what + "; resume from the last checkpoint with lower "
                + "learning rates");
        this.step = step;
    }

    /** The step that diverged, numbered as {@link StepResult#step()} would have numbered it. */
    public long step() {
        return step;
    }
}
