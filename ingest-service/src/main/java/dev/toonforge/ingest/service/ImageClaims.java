package dev.toonforge.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Decides "new image or duplicate?" exactly, without holding a lock across S3 calls. The first request to claim a
 * (dataset, hash) checks and stores the object; a concurrent request with the same picture waits for that store to
 * finish and counts a duplicate, so it never announces an image before the object exists. A claim is dropped once its
 * object is stored: from then on the object itself answers (read-after-write consistent).
 */
@ApplicationScoped
public class ImageClaims {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    /**
     * Runs {@code storeIfAbsent} (true: stored now; false: it existed) unless another request is storing the same image,
     * in which case it waits for that one. Returns true only for the request that stored the object.
     */
    public boolean storeOnce(String dataset, String sha256, BooleanSupplier storeIfAbsent) {
        String key = dataset + "/" + sha256;
        CompletableFuture<Void> mine = new CompletableFuture<>();
        while (true) {
            CompletableFuture<Void> theirs = inFlight.putIfAbsent(key, mine);
            if (theirs == null) {
                break;
            }
            try {
                theirs.join();
                return false;
            } catch (RuntimeException failedElsewhere) {
                // the other store failed and dropped its claim: try ourselves
            }
        }
        try {
            boolean stored = storeIfAbsent.getAsBoolean();
            mine.complete(null);
            return stored;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }
}
