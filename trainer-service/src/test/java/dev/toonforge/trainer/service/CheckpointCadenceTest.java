package dev.toonforge.trainer.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Checkpoints by time, plus the last epoch and a stop. */
class CheckpointCadenceTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shortEpochsStoreACheckpointOncePerIntervalLongOnesEveryEpoch() {
        CheckpointCadence cadence = new CheckpointCadence(30, 100, 0);

        assertThat(cadence.due(1, false, 2 * SECOND)).isFalse();
        assertThat(cadence.due(14, false, 29 * SECOND)).isFalse();
        assertThat(cadence.due(15, false, 31 * SECOND)).isTrue();
        cadence.stored(31 * SECOND);
        assertThat(cadence.due(16, false, 33 * SECOND)).isFalse();
        assertThat(cadence.due(17, false, 62 * SECOND)).as("an epoch longer than the interval").isTrue();
    }

    @Test
    void theLastEpochAndAStopAlwaysStoreOne() {
        CheckpointCadence cadence = new CheckpointCadence(30, 100, 0);

        assertThat(cadence.due(100, false, SECOND)).isTrue();
        assertThat(cadence.due(3, true, SECOND)).isTrue();
        assertThat(new CheckpointCadence(0, 100, 0).due(1, false, 0)).as("0: every epoch").isTrue();
    }
}
