package dev.toonforge.trainer.storage;

import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.common.storage.ServingChoiceLog;
import dev.toonforge.common.storage.StorageUnavailableException;
import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.storage.EpochScore;
import dev.toonforge.contracts.storage.MetricPoint;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.ServingChoice;
import dev.toonforge.dcgan.CheckpointFile;
import dev.toonforge.dcgan.Dcgan;
import jakarta.enterprise.context.ApplicationScoped;
import io.smallrye.faulttolerance.api.ApplyGuard;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A run's artifacts in the object store. Writes retry while the store is away (the run pauses, it does not fail), and
 * {@code latest.json} is written only after the checkpoint, grid, metrics and scores it names are stored.
 */
@ApplicationScoped
public class CheckpointStore {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CheckpointStore.class);

    private final ObjectStore store;

    public CheckpointStore(ObjectStore store) {
        this.store = store;
    }

    /** An epoch's sample grid; every epoch stores one, with or without a checkpoint. */
    @ApplyGuard("storage")
    public void writeGrid(String runId, int epoch, byte[] gridPng) {
        store.put(ObjectKeys.runSample(runId, epoch), gridPng, "image/png");
    }

    /**
     * Checkpoint zip (full state + generator export), the metrics and the scores up to it: with the epoch's grid,
     * everything latest.json will point at. Metrics and scores are rewritten whole, so they are stored as often as
     * checkpoints are, not every epoch.
     */
    @ApplyGuard("storage")
    public void writeCheckpoint(String runId, int epoch, byte[] checkpointZip, List<MetricPoint> metrics,
                                List<EpochScore> scores) {
        store.put(ObjectKeys.runCheckpoint(runId, epoch), checkpointZip, "application/zip");
        store.put(ObjectKeys.runMetrics(runId), jsonl(metrics), "application/x-ndjson");
        if (!scores.isEmpty()) {
            store.put(ObjectKeys.runScores(runId), jsonl(scores), "application/x-ndjson");
        }
    }

    @ApplyGuard("storage")
    public void writeLatest(CheckpointPublished latest) {
        store.putJson(ObjectKeys.runLatest(latest.runId()), latest);
    }

    @ApplyGuard("storage")
    public Optional<CheckpointPublished> latest(String runId) {
        return store.getJson(ObjectKeys.runLatest(runId), CheckpointPublished.class);
    }

    /** The full training state of a stored checkpoint. */
    @ApplyGuard("storage")
    public Dcgan loadState(CheckpointPublished latest) {
        byte[] zip = store.get(latest.checkpointKey()).orElseThrow(() -> new IllegalStateException(
                "latest.json of run " + latest.runId() + " names " + latest.checkpointKey() + ", which is missing"));
        try {
            return CheckpointFile.readState(new ByteArrayInputStream(zip));
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint " + latest.checkpointKey() + " is unreadable", e);
        }
    }

    /** The full training state of the checkpoint at {@code key} (a fine-tuned run's source). */
    @ApplyGuard("storage")
    public Dcgan loadState(String key) {
        byte[] zip = store.get(key).orElseThrow(() -> new IllegalStateException("checkpoint " + key + " is missing"));
        try {
            return CheckpointFile.readState(new ByteArrayInputStream(zip));
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint " + key + " is unreadable", e);
        }
    }

    /** The epochs whose checkpoints a run has stored, ascending. */
    public List<Integer> storedEpochs(String runId) {
        return store.listAll(ObjectKeys.runCheckpointsPrefix(runId)).stream()
                .flatMap(key -> ObjectKeys.epochOf(key).stream()).sorted().toList();
    }

    /** The serving choice in force for a dataset, when it has one. */
    public Optional<ServingChoice> servingChoice(String dataset) {
        return new ServingChoiceLog(store).current(dataset);
    }

    /** Metrics stored for a run, up to and including {@code lastStep} (steps after the checkpoint are replayed). */
    @ApplyGuard("storage")
    public List<MetricPoint> metrics(String runId, long lastStep) {
        return readJsonl(ObjectKeys.runMetrics(runId), MetricPoint.class, "metrics of run " + runId).stream()
                .filter(point -> point.step() <= lastStep).toList();
    }

    /** Scores stored for a run, up to and including {@code lastEpoch} (later epochs are trained again on resume). */
    @ApplyGuard("storage")
    public List<EpochScore> scores(String runId, int lastEpoch) {
        return readJsonl(ObjectKeys.runScores(runId), EpochScore.class, "scores of run " + runId).stream()
                .filter(score -> score.epoch() <= lastEpoch).toList();
    }

    private <T> List<T> readJsonl(String key, Class<T> type, String what) {
        List<T> values = new ArrayList<>();
        store.get(key).ifPresent(bytes -> {
            for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    try {
                        values.add(Json.mapper().readValue(line, type));
                    } catch (IOException e) {
                        throw new UncheckedIOException(what + " are unreadable", e);
                    }
                }
            }
        });
        return values;
    }

    /**
     * Deletes the checkpoints the policy does not keep. The policy is built first (it reads the serving choice); a store that is
     * away, or anything the policy cannot read, only delays the clean-up: nothing is deleted then.
     */
    public void applyRetention(String runId, int latestEpoch, Supplier<RetentionPolicy> policySupplier) {
        try {
            RetentionPolicy policy = policySupplier.get();
            for (String key : store.listAll(ObjectKeys.runCheckpointsPrefix(runId))) {
                ObjectKeys.epochOf(key).filter(epoch -> !policy.keeps(epoch, latestEpoch)).ifPresent(epoch -> store.delete(key));
            }
        } catch (StorageUnavailableException | IllegalStateException e) {
            LOG.warnf("Retention of run %s postponed: %s", runId, e.getMessage());
        }
    }

    /** The zip stored per epoch: full state for resuming, generator export for the sampler. */
    public static byte[] checkpointZip(Dcgan gan) {
        try {
            return CheckpointFile.write(gan);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize the checkpoint", e);
        }
    }

    private static byte[] jsonl(List<?> values) {
        StringBuilder out = new StringBuilder(values.size() * 100);
        try {
            for (Object value : values) {
                out.append(Json.mapper().writeValueAsString(value)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
