package dev.toonforge.launcher;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request latencies recorded by many threads at once (each takes its own slot), read as percentiles once the load is
 * over. Benchmarks only.
 */
final class Latencies {

    private final long[] nanos;
    private final AtomicInteger count = new AtomicInteger();

    /** Room for {@code capacity} latencies; further ones are counted by {@link #dropped()} but not kept. */
    Latencies(int capacity) {
        this.nanos = new long[capacity];
    }

    void record(long latencyNanos) {
        int slot = count.getAndIncrement();
        if (slot < nanos.length) {
            nanos[slot] = latencyNanos;
        }
    }

    /** How many latencies were recorded. */
    int count() {
        return count.get();
    }

    int dropped() {
        return Math.max(0, count.get() - nanos.length);
    }

    /** The latencies recorded so far, sorted, to read percentiles from; call once the recording threads are done. */
    Sorted sorted() {
        long[] done = Arrays.copyOf(nanos, Math.min(count.get(), nanos.length));
        Arrays.sort(done);
        return new Sorted(done);
    }

    /** Sorted latencies. */
    record Sorted(long[] nanos) {

        /** The {@code p}-th percentile (nearest rank) in milliseconds; NaN when nothing was recorded. */
        double percentileMs(double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            return nanos[Math.max(0, Math.min(nanos.length - 1, (int) Math.ceil(p / 100.0 * nanos.length) - 1))] / 1e6;
        }

        double maxMs() {
            return nanos.length == 0 ? Double.NaN : nanos[nanos.length - 1] / 1e6;
        }
    }
}
