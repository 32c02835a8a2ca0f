package dev.toonforge.sampler.service;

import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.Generator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The generator thread without Quarkus: batching must not change a seed's image, and must actually batch. */
class GeneratorBatcherTest {

    private static Generator generator;
    private static ExecutorService pool;

    @BeforeAll
    static void generator() throws Exception {
        ByteArrayOutputStream export = new ByteArrayOutputStream();
        Dcgan.create(DcganConfig.forPreset("tiny-32"), 5).exportGenerator(export);
        generator = Generator.load(new ByteArrayInputStream(export.toByteArray()));
        pool = Executors.newFixedThreadPool(16);
    }

    @AfterAll
    static void close() {
        pool.shutdownNow();
    }

    @Test
    void generatorPassesUseTheConfiguredOpenMpThreads() throws Exception {
        try (GeneratorBatcher batcher = new GeneratorBatcher(64, 0, 4096, 1)) {
            batcher.submit(generator, Latents.forSeeds(generator.noise(), 1), 1).get(30, TimeUnit.SECONDS);
            assertThat(batcher.stats().openMpThreads()).isEqualTo(1);
        }
        // Any other thread keeps the process default (one per core unless OMP_NUM_THREADS says otherwise).
        int processDefault = pool.submit(() -> NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads()).get();
        try (GeneratorBatcher batcher = new GeneratorBatcher(64, 0, 4096, 0)) {
            batcher.submit(generator, Latents.forSeeds(generator.noise(), 1), 1).get(30, TimeUnit.SECONDS);
            assertThat(batcher.stats().openMpThreads()).isEqualTo(processDefault);
        }
    }

    @Test
    void concurrentRequestsShareGeneratorPassesAndGetTheirOwnImages() throws Exception {
        try (GeneratorBatcher batcher = new GeneratorBatcher(64, 50, 4096)) {
            int requests = 16;
            CountDownLatch start = new CountDownLatch(1);
            List<Future<BufferedImage[]>> results = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                long seed = 100 + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return batcher.submit(generator, Latents.forSeeds(generator.noise(), seed), 1).get(30, TimeUnit.SECONDS);
                }));
            }
            start.countDown();
            for (int i = 0; i < requests; i++) {
                assertSameImage(results.get(i).get()[0], generator.generate(100L + i)[0]);
            }
            GeneratorBatcher.Stats stats = batcher.stats();
            assertThat(stats.images()).isEqualTo(requests);
            assertThat(stats.passes()).as("16 concurrent requests in a 50 ms window").isLessThan(requests / 2);
            assertThat(stats.queuedImages()).isZero();
        }
    }

    @Test
    void aRequestLargerThanOneBatchIsSplitAndKeepsItsOrder() throws Exception {
        try (GeneratorBatcher batcher = new GeneratorBatcher(32, 0, 4096)) {
            BufferedImage[] images = batcher.submit(generator, Latents.consecutiveSeeds(generator.noise(), 0, 100), 100)
                    .get(60, TimeUnit.SECONDS);
            assertThat(images).hasSize(100);
            assertThat(batcher.stats().passes()).isEqualTo(4);
            BufferedImage[] alone = generator.generate(0L, 57L, 99L);
            assertSameImage(images[0], alone[0]);
            assertSameImage(images[57], alone[1]);
            assertSameImage(images[99], alone[2]);
        }
    }

    @Test
    void tooMuchQueuedWorkIsRefusedAsBusy() throws Exception {
        try (GeneratorBatcher batcher = new GeneratorBatcher(8, 200, 10)) {
            // The first request always goes through (whatever its size); while it waits in its window, more is refused.
            CompletableFuture<BufferedImage[]> first = batcher.submit(generator,
                    Latents.consecutiveSeeds(generator.noise(), 0, 10), 10);
            CompletableFuture<BufferedImage[]> refused = batcher.submit(generator, Latents.forSeeds(generator.noise(), 1), 1);
            assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SamplerBusyException.class).hasMessageContaining("the limit is 10");
            assertThat(first.get(30, TimeUnit.SECONDS)).hasSize(10);
        }
    }

    @Test
    void slerpRunsFromOneSeedToTheOther() {
        float[] a = generator.noise().vector(1);
        float[] b = generator.noise().vector(2);
        float[] path = Latents.slerp(a, b, 5);
        int n = a.length;
        for (int j = 0; j < n; j++) {
            assertThat(path[j]).isCloseTo(a[j], org.assertj.core.data.Offset.offset(1e-5f));
            assertThat(path[4 * n + j]).isCloseTo(b[j], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    private static void assertSameImage(BufferedImage actual, BufferedImage expected) {
        int w = expected.getWidth();
        int h = expected.getHeight();
        assertThat(actual.getRGB(0, 0, w, h, null, 0, w)).isEqualTo(expected.getRGB(0, 0, w, h, null, 0, w));
    }
}
