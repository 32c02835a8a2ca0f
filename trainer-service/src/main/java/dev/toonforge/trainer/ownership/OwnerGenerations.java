package dev.toonforge.trainer.ownership;

import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.RunOwner;
import io.smallrye.faulttolerance.api.ApplyGuard;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/**
 * The fence between a run's owners: each turn of a trainer at a run creates the next owner generation
 * ({@code runs/{id}/owners/g-N.json}) with a create-if-absent write the store decides atomically, so no two turns
 * share a generation; a turn stores checkpoints only while its generation is the highest. A trainer that was taken
 * for dead (and replaced) finds a newer generation at its next checkpoint and stops there.
 *
 * <p>Every call waits out an outage of the store ({@code @ApplyGuard("storage")}), like the writes it fences: a run
 * pauses while the store is away, it does not fail.
 */
@ApplicationScoped
public class OwnerGenerations {

    private final ObjectStore store;

    public OwnerGenerations(ObjectStore store) {
        this.store = store;
    }

    /**
     * Creates the next generation for {@code instance}; throws {@link StaleOwnerException} when another trainer created
     * it first (that trainer owns the run now).
     */
    @ApplyGuard("storage")
    public long claim(String runId, String instance) {
        long next = highest(runId) + 1;
        if (store.createJsonIfAbsent(ObjectKeys.runOwner(runId, next), new RunOwner(runId, next, instance, Instant.now()))) {
            return next;
        }
        throw new StaleOwnerException("Run " + runId + ": another trainer took owner generation " + next + " first");
    }

    /** The highest generation created for the run; 0 when it never had an owner. */
    @ApplyGuard("storage")
    public long highest(String runId) {
        List<String> keys = store.listAll(ObjectKeys.runOwnersPrefix(runId));
        return keys.stream().flatMap(key -> ObjectKeys.ownerGenerationOf(key).stream()).mapToLong(Long::longValue)
                .max().orElse(0);
    }

    /** Throws {@link StaleOwnerException} unless {@code generation} is still the run's highest. */
    public void requireCurrent(String runId, long generation) {
        long highest = highest(runId);
        if (highest != generation) {
            throw new StaleOwnerException("Run " + runId + " has owner generation " + highest + " now; this trainer's turn"
                    + " (generation " + generation + ") stores nothing more of it");
        }
    }
}
