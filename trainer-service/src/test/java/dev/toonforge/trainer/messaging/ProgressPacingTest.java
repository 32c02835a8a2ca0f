package dev.toonforge.trainer.messaging;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress events go out at most once per interval, and always when they must. */
class ProgressPacingTest {

    private static final long MS = 1_000_000L;

    @Test
    void epochsOfAHundredMillisecondsSendAnEventEveryHalfSecondAndEveryOneThatMust() {
        ProgressPacing pacing = new ProgressPacing(0.5);
        List<Integer> sent = new ArrayList<>();
        for (int epoch = 1; epoch <= 30; epoch++) {
            boolean scored = epoch == 13;
            if (pacing.due(epoch * 100 * MS, scored || epoch == 30)) {
                sent.add(epoch);
            }
        }

        assertThat(sent).containsExactly(1, 6, 11, 13, 18, 23, 28, 30);
    }

    @Test
    void aZeroIntervalSendsEveryEvent() {
        ProgressPacing pacing = new ProgressPacing(0);

        assertThat(pacing.due(5 * MS, false)).isTrue();
        assertThat(pacing.due(5 * MS, false)).isTrue();
        assertThat(pacing.due(6 * MS, false)).isTrue();
    }
}
