package dev.toonforge.gallery.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.EpochScore;
import dev.toonforge.contracts.storage.MetricPoint;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.RunManifest;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What the trainer leaves in the bucket for each run, read back: run.json, the per-epoch grids, the epochs that have a
 * checkpoint, metrics.jsonl and scores.jsonl.
 */
@ApplicationScoped
public class RunReader {

    private static final Logger LOG = Logger.getLogger(RunReader.class);

    private final ObjectStore store;

    public RunReader(ObjectStore store) {
        this.store = store;
    }

    /**
     * A run.json as stored ({@code json}, every field the trainer wrote, including ones this gallery does not model,
     * such as a run's {@code name}, {@code note} or {@code initFrom}) and as the gallery reads it ({@code manifest}).
     */
    public record StoredRun(RunManifest manifest, ObjectNode json) {
    }

    /** Every run with a readable run.json, newest first. */
    public List<StoredRun> runs() {
        List<StoredRun> runs = new ArrayList<>();
        for (String runId : store.listChildren(ObjectKeys.RUNS_PREFIX)) {
            if (Names.isRunId(runId)) {
                try {
                    stored(runId).ifPresent(runs::add);
                } catch (IllegalStateException e) {
                    LOG.warnf("Skipping run %s: %s", runId, e.getMessage());
                }
            }
        }
        runs.sort(Comparator.comparing((StoredRun r) -> r.manifest().createdAt(),
                        Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(r -> r.manifest().runId()));
        return runs;
    }

    public Optional<RunManifest> run(String runId) {
        return stored(runId).map(StoredRun::manifest);
    }

    /** One run.json, both as stored and as read; IllegalStateException when it is not a run manifest. */
    public Optional<StoredRun> stored(String runId) {
        String key = ObjectKeys.runManifest(runId);
        return store.get(key).map(bytes -> {
            try {
                JsonNode tree = Json.mapper().readTree(bytes);
                if (tree == null || !tree.isObject()) {
                    throw new IllegalStateException("object " + key + " is not a JSON object");
                }
                return new StoredRun(Json.mapper().treeToValue(tree, RunManifest.class), (ObjectNode) tree);
            } catch (IOException e) {
                throw new IllegalStateException("object " + key + " is not a valid RunManifest: " + e.getMessage(), e);
            }
        });
    }

    /** The epochs that have a sample grid, ascending. */
    public List<Integer> gridEpochs(String runId) {
        return store.listAll(ObjectKeys.runSamplesPrefix(runId)).stream()
                .map(ObjectKeys::epochOf)
                .flatMap(Optional::stream)
                .sorted()
                .toList();
    }

    public Optional<byte[]> grid(String runId, int epoch) {
        return store.get(ObjectKeys.runSample(runId, epoch));
    }

    /** The epochs whose checkpoint is stored (the sampler can serve only these), ascending. */
    public Set<Integer> checkpointEpochs(String runId) {
        Set<Integer> epochs = new TreeSet<>();
        store.listAll(ObjectKeys.runCheckpointsPrefix(runId)).forEach(key -> ObjectKeys.epochOf(key).ifPresent(epochs::add));
        return epochs;
    }

    /**
     * Streams metrics.jsonl line by line (it grows with every step); lines that do not parse, such as a half-written last
     * line, are skipped. Returns false when the run has no metrics yet.
     */
    public boolean forEachMetric(String runId, Consumer<MetricPoint> sink) {
        return forEachLine(runId, ObjectKeys.runMetrics(runId), MetricPoint.class, sink);
    }

    /**
     * The run's quality scores from scores.jsonl, oldest first; lines that do not parse are skipped. Empty when the run
     * has no score yet.
     */
    public List<EpochScore> scores(String runId) {
        List<EpochScore> scores = new ArrayList<>();
        forEachLine(runId, ObjectKeys.runScores(runId), EpochScore.class, scores::add);
        return scores;
    }

    private <T> boolean forEachLine(String runId, String key, Class<T> type, Consumer<T> sink) {
        Optional<InputStream> opened = store.open(key);
        if (opened.isEmpty()) {
            return false;
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(opened.get(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    sink.accept(Json.mapper().readValue(line, type));
                } catch (IOException e) {
                    LOG.debugf("Skipping a line of %s: %s", key, e.getMessage());
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + " of run " + runId, e);
        }
    }
}
