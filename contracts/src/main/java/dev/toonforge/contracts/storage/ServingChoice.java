package dev.toonforge.contracts.storage;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.toonforge.contracts.naming.Names;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which model a dataset serves when a request names no run or epoch, and the choices served before it (newest first)
 * for rollback. Each revision is its own object, {@code models/{dataset}/served/r-{revision}.json}, created once by the
 * sampler instance that takes a pin, unpin or rollback (an atomic create: two instances cannot both make the same
 * revision), before it announces the change on {@code models.served}. {@code revision} grows by one per change, so a
 * sampler applies each change once and skips replayed or older ones. A dataset without any serves its newest
 * checkpoint.
 *
 * @param current  what the dataset serves
 * @param previous what it served before, newest first, at most {@link #MAX_PREVIOUS}
 */
public record ServingChoice(
        int schemaVersion,
        String dataset,
        long revision,
        Choice current,
        List<Choice> previous,
        Instant updatedAt) {

    public static final int SCHEMA_VERSION = 1;
    /** How many earlier choices are kept for rollback. */
    public static final int MAX_PREVIOUS = 10;

    public static final String NEWEST = "newest";
    public static final String PINNED = "pinned";

    /**
     * One choice: {@code mode} {@link #NEWEST} (runId and epoch null) or {@link #PINNED} to a run's epoch.
     *
     * @param chosenAt when the choice was made
     */
    public record Choice(String mode, String runId, Integer epoch, Instant chosenAt) {

        public static Choice newest(Instant at) {
            return new Choice(NEWEST, null, null, at);
        }

        public static Choice pinned(String runId, int epoch, Instant at) {
            Names.requireRunId(runId);
            if (epoch < 1) {
                throw new IllegalArgumentException("epoch " + epoch + " is below 1");
            }
            return new Choice(PINNED, runId, epoch, at);
        }

        @JsonIgnore
        public boolean isPinned() {
            return PINNED.equals(mode) && runId != null && epoch != null;
        }

        /** The checkpoint zip of a pin; null for newest. */
        @JsonIgnore
        public String checkpointKey() {
            return isPinned() ? ObjectKeys.runCheckpoint(runId, epoch) : null;
        }

        /** Whether both name the same model (the time of choosing aside). */
        public boolean sameModelAs(Choice other) {
            return other != null && isPinned() == other.isPinned()
                    && (!isPinned() || (runId.equals(other.runId) && epoch.equals(other.epoch)));
        }
    }

    /** What a dataset with no stored choice serves: the newest checkpoint, revision 0, nothing to roll back to. */
    public static ServingChoice initial(String dataset) {
        return new ServingChoice(SCHEMA_VERSION, Names.requireDataset(dataset), 0, Choice.newest(null), List.of(), null);
    }

    /** The next revision serving {@code next}; the current choice goes first into {@code previous}. */
    public ServingChoice choose(Choice next, Instant now) {
        List<Choice> before = new ArrayList<>();
        before.add(current);
        before.addAll(previous == null ? List.of() : previous);
        return new ServingChoice(SCHEMA_VERSION, dataset, revision + 1, next,
                List.copyOf(before.subList(0, Math.min(before.size(), MAX_PREVIOUS))), now);
    }

    /** The next revision serving the most recent previous choice, which leaves {@code previous}; empty when there is none. */
    public java.util.Optional<ServingChoice> rollBack(Instant now) {
        if (previous == null || previous.isEmpty()) {
            return java.util.Optional.empty();
        }
        Choice back = previous.get(0);
        return java.util.Optional.of(new ServingChoice(SCHEMA_VERSION, dataset, revision + 1,
                new Choice(back.mode(), back.runId(), back.epoch(), now), List.copyOf(previous.subList(1, previous.size())),
                now));
    }
}
