package dev.toonforge.dcgan.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/**
 * {@link KernelThreads#forEach} runs every task exactly once whoever takes it (the caller or a helper), and returns
 * only when no task is running any more, also when one of them failed.
 */
class KernelThreadsTest {

    private static final long LARGE = KernelThreads.PARALLEL_FROM * 16;

    @Test
    void everyTaskRunsExactlyOnce() {
        for (int round = 0; round < 30; round++) {
            int tasks = 1 + round * 7;
            AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
            KernelThreads.forEach(tasks, LARGE, i -> {
                busy(20_000);   // 20 us: the helpers get their share
                runs.incrementAndGet(i);
            });
            for (int i = 0; i < tasks; i++) {
                assertThat(runs.get(i)).as("round %d, task %d", round, i).isEqualTo(1);
            }
        }
    }

    @Test
    void aFailingTaskIsReportedAfterTheOthersHaveStopped() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        Thread caller = Thread.currentThread();
        assertThatThrownBy(() -> KernelThreads.forEach(400, LARGE, i -> {
            running.incrementAndGet();
            try {
                // on the calling thread, late enough for a helper (if the machine has a second core) to be mid-task
                if (i >= 100 && Thread.currentThread() == caller && !failed.getAndSet(true)) {
                    throw new IllegalStateException("a task failed");
                }
                busy(1_000_000);
                finished.incrementAndGet();
            } finally {
                running.decrementAndGet();
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("a task failed");
        assertThat(running.get()).as("tasks still running after forEach returned").isZero();
        assertThat(finished.get()).as("tasks started after the failure").isLessThan(200);
    }

    /** Work for {@code nanos}: a millisecond per task keeps the helpers mid-task when the failure happens. */
    private static void busy(long nanos) {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }
}
