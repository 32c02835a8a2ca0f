package dev.toonforge.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.ObjectKeys;

import java.time.Instant;

/**
 * A checkpoint of a run is complete in storage: the checkpoint zip and the sample grid are stored. The same record is the
 * content of {@code runs/{runId}/latest.json} (written before the event is sent), so "the newest checkpoint of a run" has
 * one shape whether it is read from the bucket or from Kafka. {@code checkpointId} ({runId}@{epoch}) lets consumers
 * apply each checkpoint once.
 */
public record CheckpointPublished(
        int schemaVersion,
        String runId,
        String dataset,
        String preset,
        int imageSize,
        int epoch,
        int totalEpochs,
        long step,
        String checkpointKey,
        String sampleKey,
        Instant publishedAt) implements ToonforgeEvent {

    public static final int SCHEMA_VERSION = 1;

    public static CheckpointPublished of(String runId, String dataset, String preset, int imageSize, int epoch,
                                         int totalEpochs, long step, Instant publishedAt) {
        Names.requireRunId(runId);
        Names.requireDataset(dataset);
        return new CheckpointPublished(SCHEMA_VERSION, runId, dataset, preset, imageSize, epoch, totalEpochs, step,
                ObjectKeys.runCheckpoint(runId, epoch), ObjectKeys.runSample(runId, epoch), publishedAt);
    }

    @JsonIgnore
    public String checkpointId() {
        return runId + "@" + epoch;
    }

    @Override
    @JsonIgnore
    public String kafkaKey() {
        return runId;
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.CHECKPOINTS_PUBLISHED;
    }
}
