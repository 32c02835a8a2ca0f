package dev.toonforge.trainer.quality;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The score is measured often enough to chart and rarely enough to cost no more than its share of training. */
class ScoreCadenceTest {

    /** The epochs measured in {@code epochs} epochs of {@code epochSeconds} each; a measurement costs {@code cost}. */
    private static List<Integer> scoredEpochs(ScoreCadence cadence, int epochs, double epochSeconds, double cost) {
        List<Integer> scored = new ArrayList<>();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            cadence.trained(epochSeconds);
            if (cadence.due(epoch)) {
                scored.add(epoch);
                cadence.measured(cost);
            }
        }
        return scored;
    }

    @Test
    void aScoreCostingAsMuchAsAnEpochAtFivePercentWaitsUntilTheFirstIsPaidForThenComesEveryTwentiethEpoch() {
        ScoreCadence cadence = new ScoreCadence(0.05, 100);

        List<Integer> scored = scoredEpochs(cadence, 100, 2.0, 2.0);

        assertThat(scored).containsExactly(1, 40, 60, 80, 100);
        assertThat(scored.size() * 2.0).as("scoring's seconds, within 5%% of 200 s").isLessThanOrEqualTo(10.0);
        assertThat(cadence.everyEpochs()).isEqualTo(20);
    }

    @Test
    void theProbesSetupIsPaidForBeforeTheSecondMeasurement() {
        ScoreCadence cadence = new ScoreCadence(0.05, 1000);
        cadence.prepared(3.0);

        List<Integer> scored = scoredEpochs(cadence, 75, 2.0, 1.0);

        // After epoch 1, 4 s are spent: the next 1 s measurement fits once 5% of the training covers 5 s (epoch 50).
        assertThat(scored).containsExactly(1, 50, 60, 70);
        assertThat(cadence.everyEpochs()).isEqualTo(10);
    }

    @Test
    void aCheapScoreIsMeasuredEveryEpoch() {
        ScoreCadence cadence = new ScoreCadence(0.05, 10);
        cadence.trained(60);
        cadence.measured(1.5);

        assertThat(cadence.everyEpochs()).isEqualTo(1);
        assertThat(cadence.due(2)).isTrue();
    }

    @Test
    void theLastEpochIsMeasuredWhateverTheBudget() {
        ScoreCadence cadence = new ScoreCadence(0.01, 3);
        cadence.prepared(10);

        assertThat(scoredEpochs(cadence, 3, 1.0, 5.0)).containsExactly(1, 3);
    }

    @Test
    void kFollowsTheCostAsItChanges() {
        ScoreCadence cadence = new ScoreCadence(0.1, 1000);
        cadence.trained(1.0);
        cadence.measured(0.5);
        assertThat(cadence.everyEpochs()).isEqualTo(5);
        cadence.measured(0.2);
        assertThat(cadence.everyEpochs()).isEqualTo(2);
    }
}
