package dev.toonforge.sampler.storage;

import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.dcgan.CheckpointFile;
import dev.toonforge.dcgan.Generator;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads what the trainer publishes: each run's latest.json, the stored checkpoint epochs, and generator exports. */
@ApplicationScoped
public class CheckpointReader {

    private static final Logger LOG = Logger.getLogger(CheckpointReader.class);

    private final ObjectStore store;

    public CheckpointReader(ObjectStore store) {
        this.store = store;
    }

    /** The latest.json of every run that has one (runs without a checkpoint yet, or unreadable ones, are left out). */
    public List<CheckpointPublished> latestOfAllRuns() {
        List<CheckpointPublished> all = new ArrayList<>();
        for (String runId : store.listChildren(ObjectKeys.RUNS_PREFIX)) {
            if (!Names.isRunId(runId)) {
                continue;
            }
            try {
                latest(runId).ifPresent(all::add);
            } catch (IllegalStateException e) {
                LOG.warnf("Skipping run %s: %s", runId, e.getMessage());
            }
        }
        return all;
    }

    public Optional<CheckpointPublished> latest(String runId) {
        return store.getJson(ObjectKeys.runLatest(runId), CheckpointPublished.class)
                .filter(latest -> latest.schemaVersion() == CheckpointPublished.SCHEMA_VERSION);
    }

    /** Epochs whose checkpoint zip is still stored (the trainer's retention deletes most old ones), ascending. */
    public List<Integer> storedEpochs(String runId) {
        return store.listAll(ObjectKeys.runCheckpointsPrefix(runId)).stream()
                .map(ObjectKeys::epochOf).flatMap(Optional::stream).sorted().toList();
    }

    /** The generator inside a checkpoint zip; empty when the zip is not stored (any more). */
    public Optional<Generator> generator(String checkpointKey) {
        Optional<InputStream> zip = store.open(checkpointKey);
        if (zip.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = zip.get()) {
            return Optional.of(CheckpointFile.readGenerator(in));
        } catch (IOException e) {
            throw new UncheckedIOException("checkpoint " + checkpointKey + " is unreadable: " + e.getMessage(), e);
        }
    }
}
