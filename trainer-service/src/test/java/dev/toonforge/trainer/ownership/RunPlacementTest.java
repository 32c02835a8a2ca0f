package dev.toonforge.trainer.ownership;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a new run's record goes: a free trainer first, a GPU trainer before a CPU one, then the least loaded. */
class RunPlacementTest {

    private static final RunPlacement.Member CPU_A = new RunPlacement.Member("trainer-cpu-aaaaaaaa", List.of(0, 1, 2));
    private static final RunPlacement.Member CPU_B = new RunPlacement.Member("trainer-cpu-bbbbbbbb", List.of(3, 4, 5));
    private static final RunPlacement.Member GPU = new RunPlacement.Member("trainer-gpu-cccccccc", List.of(6, 7, 8));

    @Test
    void aFreeTrainerGetsTheRunOnItsLeastLoadedPartition() {
        // CPU_A trains a run on partition 0; CPU_B is free.
        assertThat(RunPlacement.choose(List.of(CPU_A, CPU_B), Map.of(0, 1))).contains(3);
        assertThat(RunPlacement.choose(List.of(CPU_A, CPU_B), Map.of(3, 1))).contains(0);
    }

    @Test
    void aFreeGpuTrainerComesBeforeAFreeCpuTrainer() {
        assertThat(RunPlacement.choose(List.of(CPU_A, GPU, CPU_B), Map.of())).contains(6);
        // A busy GPU trainer does not take the run while a CPU trainer is free.
        assertThat(RunPlacement.choose(List.of(CPU_A, GPU), Map.of(6, 1))).contains(0);
    }

    @Test
    void whenNoTrainerIsFreeTheLeastLoadedQueuesIt() {
        assertThat(RunPlacement.choose(List.of(CPU_A, CPU_B), Map.of(0, 2, 3, 1))).contains(4);
        assertThat(RunPlacement.choose(List.of(CPU_A, GPU), Map.of(0, 1, 6, 1))).as("GPU first among equals").contains(7);
    }

    @Test
    void membersWithoutPartitionsAreSkippedAndNoMembersMeansByKey() {
        RunPlacement.Member joining = new RunPlacement.Member("trainer-gpu-dddddddd", List.of());
        assertThat(RunPlacement.choose(List.of(joining, CPU_A), Map.of())).contains(0);
        assertThat(RunPlacement.choose(List.of(), Map.of())).isEmpty();
    }
}
