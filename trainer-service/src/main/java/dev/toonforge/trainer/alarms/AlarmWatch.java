package dev.toonforge.trainer.alarms;

import dev.toonforge.contracts.storage.AlarmAction;
import dev.toonforge.contracts.storage.AlarmActions;
import dev.toonforge.contracts.storage.AlarmKind;
import dev.toonforge.contracts.storage.EpochScore;
import dev.toonforge.contracts.storage.RunAlarm;
import dev.toonforge.dcgan.StepResult;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One run's alarms: fed every step and every score, it answers with an alarm when a condition starts (not at every
 * step or score while it lasts), carrying what the run's options say to do about it.
 */
public final class AlarmWatch {

    private final AlarmActions actions;
    private final AlarmThresholds thresholds;
    private final DiscriminatorWinDetector discriminatorWins;
    private boolean collapsed;

    /**
     * @param collapsedAtStart whether the run's newest score (before a resume) already showed collapse: a resumed run
     *                         does not raise the same alarm again for it
     */
    public AlarmWatch(AlarmActions actions, AlarmThresholds thresholds, boolean collapsedAtStart) {
        this.actions = actions;
        this.thresholds = thresholds;
        this.discriminatorWins = new DiscriminatorWinDetector(thresholds.discriminatorWinsWindowSteps(),
                thresholds.discriminatorWinsDLossBelow(), thresholds.discriminatorWinsGLossAbove());
        this.collapsed = collapsedAtStart;
    }

    /** Whether {@code score} shows a collapsed generator under {@code thresholds}. */
    public static boolean collapsed(EpochScore score, AlarmThresholds thresholds) {
        return score.diversity() < thresholds.collapseDiversityBelow();
    }

    public Optional<RunAlarm> afterStep(int epoch, StepResult step, Instant now) {
        if (!discriminatorWins.feed(step)) {
            return Optional.empty();
        }
        DiscriminatorWinDetector.Window w = discriminatorWins.lastWindow();
        return Optional.of(alarm(AlarmKind.discriminatorWins, epoch, step.step(), String.format(Locale.ROOT,
                "The discriminator wins outright: its mean loss over the last %d steps is %.3f (below %.2f) while the"
                        + " generator's climbed from %.2f to %.2f (above %.2f).", w.steps(), w.meanDLoss(),
                thresholds.discriminatorWinsDLossBelow(), w.olderGLoss(), w.newerGLoss(),
                thresholds.discriminatorWinsGLossAbove()), now));
    }

    /**
     * Collapse is judged from {@code collapse-after-steps} on: an untrained generator draws nearly the same image for
     * every z, which is where every run starts, not a collapse.
     */
    public Optional<RunAlarm> afterScore(EpochScore score, Instant now) {
        if (score.step() < thresholds.collapseAfterSteps()) {
            return Optional.empty();
        }
        boolean was = collapsed;
        collapsed = collapsed(score, thresholds);
        if (!collapsed || was) {
            return Optional.empty();
        }
        return Optional.of(alarm(AlarmKind.collapse, score.epoch(), score.step(), String.format(Locale.ROOT,
                "Mode collapse: the generated samples vary %.2f times as much as the dataset's images (below %.2f):"
                        + " the generator draws nearly the same image for every noise vector.", score.diversity(),
                thresholds.collapseDiversityBelow()), now));
    }

    /** A loss or parameter became NaN or infinite: the run fails; {@code reason} says what and what to do. */
    public static RunAlarm divergence(int epoch, long step, String reason, Instant now) {
        return new RunAlarm(AlarmKind.divergence, epoch, step, RunAlarm.FAILED, reason, now);
    }

    private RunAlarm alarm(AlarmKind kind, int epoch, long step, String message, Instant now) {
        String action = actions.actionFor(kind) == AlarmAction.stop ? RunAlarm.STOPPED : RunAlarm.WARNED;
        return new RunAlarm(kind, epoch, step, action, message, now);
    }
}
