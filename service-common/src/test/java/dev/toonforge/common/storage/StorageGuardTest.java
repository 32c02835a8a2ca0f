package dev.toonforge.common.storage;

import dev.toonforge.common.testing.PinnedTestConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code @ApplyGuard("storage")}: retries while the store is away, for the configured time, and nothing else. */
@QuarkusTest
@WithTestResource(PinnedTestConfig.class)
class StorageGuardTest {

    @Inject
    GuardedCalls calls;

    @BeforeEach
    void reset() {
        calls.reset();
    }

    @Test
    void aCallIsRepeatedWhileTheStoreIsAwayAndReturnsOnceItAnswers() {
        assertThat(calls.storeBackAfter(5)).isEqualTo(6);
        assertThat(calls.attempts()).isEqualTo(6);
    }

    @Test
    void otherFailuresAreNotRetried() {
        IllegalStateException broken = new IllegalStateException("object x is not a valid Doc");

        assertThatThrownBy(() -> calls.failsWith(broken)).isSameAs(broken);
        assertThat(calls.attempts()).isEqualTo(1);
    }

    @Test
    void afterTheMaximumDurationTheLastFailurePropagates() {
        long started = System.nanoTime();

        assertThatThrownBy(calls::storeNeverBack).isInstanceOf(StorageUnavailableException.class);

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("max-duration is 1s in this test").isBetween(Duration.ofMillis(900), Duration.ofSeconds(15));
        assertThat(calls.attempts()).as("retried every 10ms until then").isGreaterThan(5);
    }

    @Test
    void aMethodWithoutTheAnnotationIsNotRetried() {
        assertThatThrownBy(calls::unguarded).isInstanceOf(StorageUnavailableException.class);
        assertThat(calls.attempts()).isEqualTo(1);
    }
}
