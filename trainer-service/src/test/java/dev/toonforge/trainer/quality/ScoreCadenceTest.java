package dev.toonforge.trainer.quality;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The score is measured often enough to chart and rarely enough to cost a small share of training. */
class ScoreCadenceTest {

    @Test
    void aScoreCostingAsMuchAsAnEpochIsMeasuredEveryTwentiethEpochAtFivePercentAndAtTheLast() {
        ScoreCadence cadence = new ScoreCadence(0.05, 100);
        List<Integer> scored = new ArrayList<>();
        for (int epoch = 1; epoch <= 100; epoch++) {
            cadence.trained(2.0);
            if (cadence.due(epoch)) {
                scored.add(epoch);
                cadence.measured(epoch, 2.0);
            }
        }

        assertThat(cadence.everyEpochs()).isEqualTo(20);
        assertThat(scored).containsExactly(1, 21, 41, 61, 81, 100);
    }

    @Test
    void aCheapScoreIsMeasuredEveryEpoch() {
        ScoreCadence cadence = new ScoreCadence(0.05, 10);
        cadence.trained(60);
        cadence.measured(1, 1.5);

        assertThat(cadence.everyEpochs()).isEqualTo(1);
        assertThat(cadence.due(2)).isTrue();
    }

    @Test
    void kFollowsTheCostAsItChanges() {
        ScoreCadence cadence = new ScoreCadence(0.1, 1000);
        cadence.trained(1.0);
        cadence.measured(1, 0.5);
        assertThat(cadence.everyEpochs()).isEqualTo(5);
        assertThat(cadence.due(5)).isFalse();
        assertThat(cadence.due(6)).isTrue();
        cadence.measured(6, 0.2);
        assertThat(cadence.everyEpochs()).isEqualTo(2);
    }
}
