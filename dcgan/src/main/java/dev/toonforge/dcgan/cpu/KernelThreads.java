package dev.toonforge.dcgan.cpu;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the loops written in Java ({@link NormActivationKernel}, {@link LeakyRelu}) run: on as many threads as ND4J
 * itself may use ({@code Nd4j.getEnvironment().maxThreads()}, which the sampler's {@code compute-threads} lowers, one
 * per core otherwise): the calling thread and helpers from a fork-join pool take the next task from one counter
 * until none is left. Small jobs stay on the calling thread, where handing out tasks would cost more than it saves.
 *
 * <p>The calling thread works too, and a helper that has not started by the time the tasks are gone is called off
 * rather than waited for: on two cores, right after a oneDNN call, OpenMP's threads still spin on one of them, and a
 * woken helper can wait long for a core. A caller that handed every task to the pool and slept until they were done
 * would depend on such wake-ups on every call.
 */
final class KernelThreads {

    /** Values below which a job stays on the calling thread. */
    static final long PARALLEL_FROM = 64 * 1024;

    private static ForkJoinPool pool;

    private KernelThreads() {
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
        AtomicInteger next = new AtomicInteger();
        Runnable drain = () -> {
            try {
                for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            } catch (RuntimeException | Error e) {
                next.set(tasks);   // the others stop after the task they are on
                throw e;
            }
        };
        int helpers = Math.min(threads, tasks) - 1;
        AtomicBoolean[] started = new AtomicBoolean[helpers];
        ForkJoinTask<?>[] running = new ForkJoinTask<?>[helpers];
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();   // the tasks' own exceptions, not join's copies
        try {
            ForkJoinPool pool = pool(threads);
            for (int h = 0; h < helpers; h++) {
                AtomicBoolean claimed = new AtomicBoolean();
                running[h] = pool.submit(() -> {
                    if (claimed.compareAndSet(false, true)) {
                        try {
                            drain.run();
                        } catch (RuntimeException | Error e) {
                            failures.add(e);
                        }
                    }
                });
                started[h] = claimed;
            }
            drain.run();
        } catch (RuntimeException | Error e) {
            failures.add(e);
            next.set(tasks);   // also when submitting failed
        }
        for (int h = 0; h < helpers; h++) {   // every helper that started is waited for, even after a failure
            if (started[h] != null && !started[h].compareAndSet(false, true)) {
                running[h].join();
            }
        }
        Throwable failure = failures.poll();
        if (failure != null) {
            for (Throwable other = failures.poll(); other != null; other = failures.poll()) {
                failure.addSuppressed(other);
            }
            if (failure instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) failure;
        }
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
