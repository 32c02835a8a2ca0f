package dev.toonforge.gallery.service;

import dev.toonforge.contracts.storage.EpochScore;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScoreCurveTest {

    @Test
    void theBestEpochIsTheLowestScoreTheEarliestOfEqualOnes() {
        ScoreCurve.Scores scores = ScoreCurve.of(List.of(score(2, 80.0), score(4, 55.5), score(6, 70.0), score(8, 55.5)));
        assertThat(scores.epochs()).containsExactly(2, 4, 6, 8);
        assertThat(scores.swd()).containsExactly(80.0, 55.5, 70.0, 55.5);
        assertThat(scores.bestEpoch()).isEqualTo(4);
        assertThat(scores.bestScore()).isEqualTo(55.5);
    }

    @Test
    void aScoreThatIsNotANumberIsAGapAndNeverTheBest() {
        ScoreCurve.Scores scores = ScoreCurve.of(List.of(score(1, 90.0), score(2, Double.NaN)));
        assertThat(scores.swd()).containsExactly(90.0, null);
        assertThat(scores.bestEpoch()).isEqualTo(1);
    }

    @Test
    void anEpochScoredTwiceKeepsItsNewestScoreInEpochOrder() {
        ScoreCurve.Scores scores = ScoreCurve.of(List.of(score(3, 60.0), score(1, 90.0), score(3, 40.0)));
        assertThat(scores.epochs()).containsExactly(1, 3);
        assertThat(scores.swd()).containsExactly(90.0, 40.0);
        assertThat(scores.bestEpoch()).isEqualTo(3);
    }

    @Test
    void noScoresHaveNoBest() {
        ScoreCurve.Scores scores = ScoreCurve.of(List.of());
        assertThat(scores.epochs()).isEmpty();
        assertThat(scores.bestEpoch()).isNull();
        assertThat(scores.bestScore()).isNull();
    }

    private static EpochScore score(int epoch, double swd) {
        return new EpochScore(epoch, epoch * 10L, swd, 0.9, 0.2, epoch);
    }
}
