package dev.toonforge.contracts.storage;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static dev.toonforge.contracts.storage.RunState.completed;
import static dev.toonforge.contracts.storage.RunState.failed;
import static dev.toonforge.contracts.storage.RunState.queued;
import static dev.toonforge.contracts.storage.RunState.running;
import static dev.toonforge.contracts.storage.RunState.stopped;
import static org.assertj.core.api.Assertions.assertThat;

class RunStateTest {

    @Test
    void everyMoveIsAllowedExactlyWhenTheStateMachineHasIt() {
        assertMoves(queued, running, stopped, failed, queued);
        assertMoves(running, completed, failed, stopped, queued);
        assertMoves(stopped, queued);
        assertMoves(failed, queued);
        assertMoves(completed);
    }

    @Test
    void onlyQueuedAndRunningRunsAreActive() {
        assertThat(EnumSet.allOf(RunState.class).stream().filter(RunState::isActive)).containsExactlyInAnyOrder(queued, running);
        assertThat(EnumSet.allOf(RunState.class).stream().filter(RunState::isFinal)).containsExactlyInAnyOrder(completed, failed);
    }

    private static void assertMoves(RunState from, RunState... allowed) {
        Set<RunState> expected = allowed.length == 0 ? EnumSet.noneOf(RunState.class) : EnumSet.of(allowed[0], allowed);
        for (RunState to : RunState.values()) {
            assertThat(from.canBecome(to)).as(from + " -> " + to).isEqualTo(expected.contains(to));
        }
    }
}
