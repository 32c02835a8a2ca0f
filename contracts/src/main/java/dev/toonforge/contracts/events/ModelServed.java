package dev.toonforge.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.ServingChoice;

import java.time.Instant;

/**
 * The model a dataset serves changed (pin, unpin or rollback). Sent only after the bucket holds the same choice at the
 * same {@code revision} ({@code models/{dataset}/served/r-{revision}.json}); every sampler instance applies it once, in revision order.
 *
 * @param mode          {@link ServingChoice#PINNED} or {@link ServingChoice#NEWEST}
 * @param runId         the pinned run (null for newest)
 * @param epoch         the pinned epoch (null for newest)
 * @param checkpointKey the pinned checkpoint zip (null for newest)
 */
public record ModelServed(
        int schemaVersion,
        String dataset,
        long revision,
        String mode,
        String runId,
        Integer epoch,
        String checkpointKey,
        Instant changedAt) implements ToonforgeEvent {

    public static final int SCHEMA_VERSION = 1;

    /** The announcement of a stored choice. */
    public static ModelServed of(ServingChoice stored) {
        Names.requireDataset(stored.dataset());
        ServingChoice.Choice c = stored.current();
        return new ModelServed(SCHEMA_VERSION, stored.dataset(), stored.revision(), c.mode(), c.runId(), c.epoch(),
                c.checkpointKey(), stored.updatedAt());
    }

    @JsonIgnore
    public boolean isPinned() {
        return ServingChoice.PINNED.equals(mode) && runId != null && epoch != null;
    }

    @Override
    @JsonIgnore
    public String kafkaKey() {
        return dataset;
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.MODELS_SERVED;
    }
}
