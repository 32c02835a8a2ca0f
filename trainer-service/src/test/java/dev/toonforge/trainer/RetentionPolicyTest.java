package dev.toonforge.trainer;

import dev.toonforge.trainer.storage.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionPolicyTest {

    @Test
    void keepsTheLastKAndEveryMth() {
        RetentionPolicy policy = new RetentionPolicy(3, 10);

        assertThat(IntStream.rangeClosed(1, 25).filter(e -> policy.keeps(e, 25)).boxed().toList())
                .containsExactly(10, 20, 23, 24, 25);
    }

    @Test
    void alwaysKeepsTheLatestEvenWithNothingElse() {
        RetentionPolicy policy = new RetentionPolicy(0, 0);

        assertThat(IntStream.rangeClosed(1, 5).filter(e -> policy.keeps(e, 5)).boxed().toList()).containsExactly(5);
    }
}
