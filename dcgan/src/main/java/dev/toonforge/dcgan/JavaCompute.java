package dev.toonforge.dcgan;

import java.util.concurrent.ForkJoinPool;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the loops written in Java ({@link NormActivationKernel}, {@link LeakyRelu}) run: on as many threads as ND4J
 * itself may use ({@code Nd4j.getEnvironment().maxThreads()}, which the sampler's {@code compute-threads} lowers, one
 * per core otherwise), in a fork-join pool of that size; small jobs on the calling thread, where handing out tasks
 * would cost more than it saves.
 */
final class JavaCompute {

    /** Values below which a job stays on the calling thread. */
    static final long PARALLEL_FROM = 64 * 1024;

    private static ForkJoinPool pool;

    private JavaCompute() {
    }

    /** Runs {@code task} for 0 .. tasks - 1; {@code values} is how many values the whole job touches. */
    static void forEach(int tasks, long values, IntConsumer task) {
        int threads = Math.min(Runtime.getRuntime().availableProcessors(), Nd4j.getEnvironment().maxThreads());
        if (threads <= 1 || tasks <= 1 || values < PARALLEL_FROM) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        pool(threads).submit(() -> IntStream.range(0, tasks).parallel().forEach(task)).join();
    }

    private static synchronized ForkJoinPool pool(int threads) {
        if (pool == null || pool.getParallelism() != threads) {
            if (pool != null) {
                pool.shutdown();
            }
            pool = new ForkJoinPool(threads, p -> {
                var worker = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                worker.setName("toonforge-compute-" + worker.getPoolIndex());
                worker.setDaemon(true);
                return worker;
            }, null, false);
        }
        return pool;
    }
}
