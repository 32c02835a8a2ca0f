package dev.toonforge.infra.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Calls released together on their own threads, for tests of what several clients do at the same moment. */
public final class Concurrently {

    private Concurrently() {
    }

    /** One client's call; {@code client} is its number, from 0. */
    public interface Client<T> {
        T call(int client) throws Exception;
    }

    /**
     * Runs {@code clients} calls, each on its own thread, released together once all are ready; returns their results in
     * client order and rethrows the first failure.
     */
    public static <T> List<T> atOnce(int clients, Client<T> call)
            throws InterruptedException, ExecutionException, TimeoutException {
        CyclicBarrier start = new CyclicBarrier(clients);
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(threads.submit(() -> {
                    start.await(60, TimeUnit.SECONDS);
                    return call.call(client);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(3, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
