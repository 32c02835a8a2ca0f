package dev.toonforge.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.naming.Names;

import java.time.Instant;

/** One upload request to a dataset finished; counts are for that request, {@code imageCount} for the whole dataset. */
public record DatasetUpdated(
        int schemaVersion,
        String dataset,
        int accepted,
        int duplicates,
        int rejected,
        int imageCount,
        int imageSize,
        Instant updatedAt) implements ToonforgeEvent {

    public static final int SCHEMA_VERSION = 1;

    public static DatasetUpdated of(String dataset, int accepted, int duplicates, int rejected, int imageCount,
                                    int imageSize, Instant updatedAt) {
        Names.requireDataset(dataset);
        return new DatasetUpdated(SCHEMA_VERSION, dataset, accepted, duplicates, rejected, imageCount, imageSize, updatedAt);
    }

    @Override
    @JsonIgnore
    public String kafkaKey() {
        return dataset;
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.DATASETS_UPDATED;
    }
}
