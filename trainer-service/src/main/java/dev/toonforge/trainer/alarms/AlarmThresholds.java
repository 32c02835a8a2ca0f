package dev.toonforge.trainer.alarms;

import dev.toonforge.trainer.config.TrainerSettings;

/**
 * When the warning alarms fire.
 *
 * @param collapseDiversityBelow           collapse: the samples' diversity ratio (see
 *                                         {@link dev.toonforge.contracts.storage.EpochScore#diversity()}) below this,
 * @param collapseAfterSteps               ... once the run has trained this many steps
 * @param discriminatorWinsWindowSteps     a discriminator that wins: the steps it is judged over
 * @param discriminatorWinsDLossBelow      ... its mean loss below this
 * @param discriminatorWinsGLossAbove      ... while the generator's recent mean loss is above this and climbing
 */
public record AlarmThresholds(double collapseDiversityBelow, long collapseAfterSteps, int discriminatorWinsWindowSteps,
                              double discriminatorWinsDLossBelow, double discriminatorWinsGLossAbove) {

    public static AlarmThresholds of(TrainerSettings settings) {
        return new AlarmThresholds(settings.collapseDiversityBelow(), settings.collapseAfterSteps(),
                settings.discriminatorWinsWindowSteps(),
                settings.discriminatorWinsDLossBelow(), settings.discriminatorWinsGLossAbove());
    }
}
