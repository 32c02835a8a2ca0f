package dev.toonforge.launcher;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        Latencies latencies = new Latencies(100);
        List<Long> shuffled = new ArrayList<>();
        for (long ms = 1; ms <= 100; ms++) {
            shuffled.add(ms * 1_000_000);
        }
        Collections.shuffle(shuffled);
        shuffled.forEach(latencies::record);

        Latencies.Sorted sorted = latencies.sorted();
        assertThat(sorted.percentileMs(50)).isEqualTo(50.0);
        assertThat(sorted.percentileMs(95)).isEqualTo(95.0);
        assertThat(sorted.percentileMs(99)).isEqualTo(99.0);
        assertThat(sorted.percentileMs(0)).isEqualTo(1.0);
        assertThat(sorted.maxMs()).isEqualTo(100.0);
    }

    @Test
    void nothingRecordedHasNoPercentiles() {
        Latencies.Sorted sorted = new Latencies(10).sorted();
        assertThat(sorted.percentileMs(50)).isNaN();
        assertThat(sorted.maxMs()).isNaN();
    }

    @Test
    void concurrentRecordsAreAllKeptAndOverflowIsCountedNotKept() throws InterruptedException {
        Latencies latencies = new Latencies(1000);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            threads.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    latencies.record(1_000_000);
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

        assertThat(latencies.count()).isEqualTo(1200);
        assertThat(latencies.dropped()).isEqualTo(200);
        assertThat(latencies.sorted().nanos()).hasSize(1000).containsOnly(1_000_000L);
    }
}
