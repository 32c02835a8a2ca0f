package dev.toonforge.trainer.alarms;

import dev.toonforge.contracts.storage.AlarmAction;
import dev.toonforge.contracts.storage.AlarmActions;
import dev.toonforge.contracts.storage.AlarmKind;
import dev.toonforge.contracts.storage.EpochScore;
import dev.toonforge.contracts.storage.RunAlarm;
import dev.toonforge.dcgan.StepResult;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Alarms fire when their condition starts, once while it lasts, with the action the run chose. */
class AlarmWatchTest {

    private static final AlarmThresholds THRESHOLDS = new AlarmThresholds(0.25, 0, 20, 0.4, 4.0);
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void collapseFiresWhenDiversityFallsBelowTheThresholdAndAgainOnlyAfterItRecovered() {
        AlarmWatch watch = new AlarmWatch(new AlarmActions(AlarmAction.stop, AlarmAction.warn), THRESHOLDS, false);

        assertThat(watch.afterScore(score(1, 0.9), NOW)).isEmpty();
        Optional<RunAlarm> fired = watch.afterScore(score(2, 0.1), NOW);
        assertThat(watch.afterScore(score(3, 0.05), NOW)).as("still collapsed: no second alarm").isEmpty();
        assertThat(watch.afterScore(score(4, 0.6), NOW)).isEmpty();
        assertThat(watch.afterScore(score(5, 0.2), NOW)).as("collapsed again after recovering").isPresent();

        assertThat(fired).hasValueSatisfying(alarm -> {
            assertThat(alarm.kind()).isEqualTo(AlarmKind.collapse);
            assertThat(alarm.epoch()).isEqualTo(2);
            assertThat(alarm.step()).isEqualTo(20);
            assertThat(alarm.action()).as("the run chose stop").isEqualTo(RunAlarm.STOPPED);
            assertThat(alarm.message()).contains("0.10 times", "below 0.25");
        });
    }

    @Test
    void anUntrainedGeneratorIsNotACollapse() {
        AlarmWatch watch = new AlarmWatch(AlarmActions.WARN, new AlarmThresholds(0.25, 300, 20, 0.4, 4.0), false);

        assertThat(watch.afterScore(new EpochScore(1, 3, 300, 0.01, 0.5, 0), NOW)).isEmpty();
        assertThat(watch.afterScore(new EpochScore(100, 300, 90, 0.05, 0.5, 0), NOW)).isPresent();
    }

    @Test
    void aRunResumedWhileCollapsedDoesNotRaiseTheSameAlarmAgain() {
        AlarmWatch watch = new AlarmWatch(AlarmActions.WARN, THRESHOLDS, true);

        assertThat(watch.afterScore(score(7, 0.1), NOW)).isEmpty();
    }

    @Test
    void aDiscriminatorAtItsFloorWhileTheGeneratorsLossClimbsRaisesOneWarning() {
        AlarmWatch watch = new AlarmWatch(AlarmActions.WARN, THRESHOLDS, false);
        List<RunAlarm> alarms = new ArrayList<>();
        long step = 0;
        for (int i = 0; i < 30; i++) {   // a healthy game: D around 1.2, G around 1
            watch.afterStep(1, new StepResult(++step, 1.2, 1.0, 0.6, 0.4), NOW).ifPresent(alarms::add);
        }
        assertThat(alarms).isEmpty();
        for (int i = 0; i < 60; i++) {   // D wins: its loss at the floor, G's climbing from 4 to 10
            watch.afterStep(2, new StepResult(++step, 0.33, 4 + i * 0.1, 0.9, 0.001), NOW).ifPresent(alarms::add);
        }
        for (int i = 0; i < 40; i++) {   // ... and staying there: a plateau is not a new alarm
            watch.afterStep(3, new StepResult(++step, 0.33, 10, 0.9, 0.001), NOW).ifPresent(alarms::add);
        }

        assertThat(alarms).hasSize(1);
        RunAlarm alarm = alarms.get(0);
        assertThat(alarm.kind()).isEqualTo(AlarmKind.discriminatorWins);
        assertThat(alarm.action()).isEqualTo(RunAlarm.WARNED);
        assertThat(alarm.epoch()).isEqualTo(2);
        assertThat(alarm.message()).contains("last 20 steps", "below 0.40");
    }

    @Test
    void aLowDiscriminatorLossAloneOrAFallingGeneratorLossIsNoAlarm() {
        DiscriminatorWinDetector lowG = new DiscriminatorWinDetector(20, 0.4, 4.0);
        DiscriminatorWinDetector fallingG = new DiscriminatorWinDetector(20, 0.4, 4.0);
        boolean fired = false;
        for (int i = 0; i < 100; i++) {
            fired |= lowG.feed(new StepResult(i + 1, 0.33, 3.0 + i * 0.005, 0.9, 0.05));      // G climbing, but low
            fired |= fallingG.feed(new StepResult(i + 1, 0.33, 9.0 - i * 0.04, 0.9, 0.01));  // G high but falling
        }
        assertThat(fired).isFalse();
    }

    @Test
    void divergenceAlwaysFailsTheRun() {
        RunAlarm alarm = AlarmWatch.divergence(4, 12, "Training diverged: the discriminator's loss is NaN.", NOW);

        assertThat(alarm.kind()).isEqualTo(AlarmKind.divergence);
        assertThat(alarm.action()).isEqualTo(RunAlarm.FAILED);
        assertThat(alarm.message()).startsWith("Training diverged: the discriminator's loss is NaN.");
    }

    private static EpochScore score(int epoch, double diversity) {
        return new EpochScore(epoch, epoch * 10L, 50, diversity, 0.5, NOW.toEpochMilli());
    }
}
