package dev.toonforge.trainer.quality;

import dev.toonforge.contracts.storage.EpochScore;
import dev.toonforge.trainer.storage.CheckpointStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A run's scores for {@code GET /api/runs/{id}}: those of the run training now as they are measured (scores.jsonl is
 * stored with each checkpoint, so it can be behind), the others' from scores.jsonl.
 */
@ApplicationScoped
public class RunScores {

    private final CheckpointStore checkpoints;
    private final Map<String, List<EpochScore>> live = new ConcurrentHashMap<>();

    public RunScores(CheckpointStore checkpoints) {
        this.checkpoints = checkpoints;
    }

    public List<EpochScore> of(String runId) {
        List<EpochScore> training = live.get(runId);
        if (training != null) {
            synchronized (training) {
                return List.copyOf(training);
            }
        }
        return checkpoints.scores(runId, Integer.MAX_VALUE);
    }

    /** A run starts training with the scores it has stored. */
    public void training(String runId, List<EpochScore> stored) {
        live.put(runId, new ArrayList<>(stored));
    }

    public void measured(String runId, EpochScore score) {
        List<EpochScore> training = live.get(runId);
        if (training != null) {
            synchronized (training) {
                training.add(score);
            }
        }
    }

    /** The run left the device; its scores are read from the store again. */
    public void left(String runId) {
        live.remove(runId);
    }
}
