package dev.toonforge.trainer;

import dev.toonforge.contracts.storage.InitFrom;
import dev.toonforge.contracts.storage.RunConfig;
import dev.toonforge.contracts.storage.RunManifest;
import dev.toonforge.contracts.storage.ServingChoice;
import dev.toonforge.trainer.storage.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionPolicyTest {

    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    private static final String RUN = "simpsons-20261127-101530-ab12";
    private static final String OTHER = "simpsons-20261127-111530-cd34";

    @Test
    void keepsTheLastKAndEveryMth() {
        RetentionPolicy policy = new RetentionPolicy(3, 10);

        assertThat(kept(policy, 25)).containsExactly(10, 20, 23, 24, 25);
    }

    @Test
    void alwaysKeepsTheLatestEvenWithNothingElse() {
        RetentionPolicy policy = new RetentionPolicy(0, 0);

        assertThat(kept(policy, 5)).containsExactly(5);
    }

    @Test
    void protectedEpochsStayOutsideTheWindow() {
        RetentionPolicy policy = new RetentionPolicy(2, 0).protecting(Set.of(3, 7));

        assertThat(kept(policy, 20)).containsExactly(3, 7, 19, 20);
        assertThat(policy.protecting(Set.of(11)).protectedEpochs()).containsExactlyInAnyOrder(3, 7, 11);
    }

    @Test
    void aRunsOwnRetentionWinsOverTheTrainersSetting() {
        RunConfig own = config(null, 1, 0);
        RunConfig defaults = config(null, null, null);
        RunConfig half = config(null, null, 4);

        assertThat(RetentionPolicy.forRun(own, 3, 10)).isEqualTo(new RetentionPolicy(1, 0));
        assertThat(RetentionPolicy.forRun(defaults, 3, 10)).isEqualTo(new RetentionPolicy(3, 10));
        assertThat(RetentionPolicy.forRun(half, 3, 10)).isEqualTo(new RetentionPolicy(3, 4));
    }

    @Test
    void theServedPinAndEveryRollbackTargetOfThisRunAreProtected() {
        ServingChoice served = ServingChoice.initial("simpsons")
                .choose(ServingChoice.Choice.pinned(RUN, 4, T), T)
                .choose(ServingChoice.Choice.pinned(OTHER, 9, T), T)
                .choose(ServingChoice.Choice.newest(T), T)
                .choose(ServingChoice.Choice.pinned(RUN, 12, T), T);

        assertThat(RetentionPolicy.protectedEpochs(RUN, served, List.of())).containsExactly(4, 12);
        assertThat(RetentionPolicy.protectedEpochs(OTHER, served, List.of())).containsExactly(9);
        assertThat(RetentionPolicy.protectedEpochs(RUN, null, List.of())).isEmpty();
        assertThat(RetentionPolicy.protectedEpochs(RUN, ServingChoice.initial("simpsons"), List.of())).isEmpty();
    }

    @Test
    void checkpointsOtherRunsWereFineTunedFromAreProtected() {
        List<RunManifest> runs = List.of(
                RunManifest.created("faces-20261128-101530-0001", config(new InitFrom(RUN, 6, InitFrom.FRESH), null, null), T),
                RunManifest.created("faces-20261128-101530-0002", config(new InitFrom(RUN, 8, InitFrom.CARRY), null, null), T),
                RunManifest.created("faces-20261128-101530-0003", config(new InitFrom(OTHER, 2, InitFrom.FRESH), null, null), T),
                RunManifest.created("faces-20261128-101530-0004", config(null, null, null), T));

        assertThat(RetentionPolicy.protectedEpochs(RUN, null, runs)).containsExactly(6, 8);
        RetentionPolicy policy = new RetentionPolicy(1, 0).protecting(RetentionPolicy.protectedEpochs(RUN, null, runs));
        assertThat(kept(policy, 10)).containsExactly(6, 8, 10);
    }

    private static List<Integer> kept(RetentionPolicy policy, int latest) {
        return IntStream.rangeClosed(1, latest).filter(e -> policy.keeps(e, latest)).boxed().toList();
    }

    private static RunConfig config(InitFrom from, Integer keepLast, Integer keepEvery) {
        return new RunConfig("faces", "tiny-32", 32, 10, 1, 16, 2e-4, 2e-4, 0.5, 0.05, keepLast, keepEvery, from);
    }
}
