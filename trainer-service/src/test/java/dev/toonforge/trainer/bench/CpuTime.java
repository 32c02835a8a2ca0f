package dev.toonforge.trainer.bench;

import java.time.Duration;
import java.util.stream.Stream;

/**
 * Core-seconds of CPU a process, or a process tree, has used so far. Put beside wall times they tell a slower machine
 * from waiting: the same steps taking more core-seconds ran slower on each core (or did more work on the way); the
 * same core-seconds over a longer wall time means the process waited for a core.
 */
final class CpuTime {

    private CpuTime() {
    }

    /** Core-seconds a process has used so far, and 0 once it is gone. */
    static double process(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
    }

    /** Core-seconds this JVM and every process it started have used so far, but {@code except}. */
    static double thisTreeExcept(long except) {
        ProcessHandle self = ProcessHandle.current();
        return Stream.concat(Stream.of(self), self.descendants()).filter(p -> p.pid() != except)
                .mapToDouble(CpuTime::process).sum();
    }
}
