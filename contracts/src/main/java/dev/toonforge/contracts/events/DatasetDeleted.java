package dev.toonforge.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.naming.Names;

import java.time.Instant;

/**
 * A dataset was deleted: every object under {@code datasets/{dataset}/} and its serving choices under {@code models/{dataset}/}
 * are gone (sent only after they are removed). Consumers forget the dataset (the sampler stops serving its models and
 * its pin). A repeated DELETE of a dataset already gone sends it again, so consumers treat it as idempotent.
 */
public record DatasetDeleted(
        int schemaVersion,
        String dataset,
        Instant deletedAt) implements ToonforgeEvent {

    public static final int SCHEMA_VERSION = 1;

    public static DatasetDeleted of(String dataset, Instant deletedAt) {
        Names.requireDataset(dataset);
        return new DatasetDeleted(SCHEMA_VERSION, dataset, deletedAt);
    }

    @Override
    @JsonIgnore
    public String kafkaKey() {
        return dataset;
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.DATASETS_DELETED;
    }
}
