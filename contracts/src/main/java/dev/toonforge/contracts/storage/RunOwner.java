package dev.toonforge.contracts.storage;

import java.time.Instant;

/**
 * {@code runs/{runId}/owners/g-{generation}.json}: a trainer's turn at a run. A trainer creates the next generation
 * (only if absent) when it starts training the run; it stores a checkpoint only while its generation is the highest,
 * so a trainer that lost the run (it was thought dead and another took over) never overwrites the newer owner's work.
 *
 * @param instance the trainer instance ({@code trainer-cpu-...} or {@code trainer-gpu-...})
 */
public record RunOwner(String runId, long generation, String instance, Instant startedAt) {
}
