package dev.toonforge.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.ObjectKeys;

import java.time.Instant;

/** One normalized image was stored at {@code key}. Emitted only after the object exists. */
public record ImageIngested(
        int schemaVersion,
        String dataset,
        String sha256,
        String key,
        String originalName,
        int imageSize,
        long sizeBytes,
        Instant ingestedAt) implements ToonforgeEvent {

    public static final int SCHEMA_VERSION = 1;

    public static ImageIngested of(String dataset, String sha256, String originalName, int imageSize, long sizeBytes,
                                   Instant ingestedAt) {
        Names.requireDataset(dataset);
        return new ImageIngested(SCHEMA_VERSION, dataset, sha256, ObjectKeys.datasetImage(dataset, sha256), originalName,
                imageSize, sizeBytes, ingestedAt);
    }

    @Override
    @JsonIgnore
    public String kafkaKey() {
        return dataset;
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.IMAGES_INGESTED;
    }
}
