package dev.toonforge.trainer.ownership;

import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.RunAssignment;
import dev.toonforge.contracts.storage.RunManifest;
import dev.toonforge.contracts.storage.RunState;
import dev.toonforge.trainer.service.RunService;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands runs to the trainers through {@code training.runs}: a new run's record goes to a partition chosen by
 * {@link RunPlacement} (kept in run.json as {@code runsPartition}); every later record of the run (resume, stop,
 * tombstone) goes to that partition, so it reaches the trainer that owns the run.
 */
@ApplicationScoped
public class RunAssignments {

    private static final Logger LOG = Logger.getLogger(RunAssignments.class);

    private final RunsTopic topic;
    private final RunService runs;

    public RunAssignments(RunsTopic topic, RunService runs) {
        this.topic = topic;
        this.runs = runs;
    }

    /**
     * Places a run just created (queued, saved), keeps the partition in run.json and sends its record; when the broker
     * does not take it, the run is marked failed with the reason (resume it to try again) and
     * {@link TrainersUnreachableException} is thrown.
     */
    public void assignNew(RunManifest run) {
        Map<Integer, Integer> active = new HashMap<>();
        runs.listShared().stream()
                .filter(r -> r.state().isActive() && r.progress().runsPartition() != null && !r.runId().equals(run.runId()))
                .forEach(r -> active.merge(r.progress().runsPartition(), 1, Integer::sum));
        int partition = topic.place(active).orElseGet(() -> topic.partitionByKey(run.runId()));
        runs.update(run.runId(), p -> p.withRunsPartition(partition));
        send(run.runId(), RunAssignment.train(run.runId(), run.config().dataset(), Instant.now()), partition);
    }

    /** Sends a resumed run's record again (the run is queued in run.json). */
    public void resume(RunManifest run) {
        send(run.runId(), RunAssignment.train(run.runId(), run.config().dataset(), Instant.now()), partitionOf(run));
    }

    /** Asks the run's owner, whichever trainer it is, to stop it. */
    public void requestStop(RunManifest run) {
        int partition = partitionOf(run);
        topic.send(RunAssignment.stop(run.runId(), run.config().dataset(), Instant.now()), partition);
        LOG.infof("Run %s: stop sent to its owner on %s partition %d", run.runId(), Topics.TRAINING_RUNS, partition);
    }

    /** The run has ended or is deleted: its tombstone, so the compacted topic forgets it. Failures are only logged. */
    public void ended(RunManifest run) {
        try {
            topic.forget(run.runId(), partitionOf(run));
        } catch (IllegalStateException e) {
            LOG.warnf("Run %s ended, but its tombstone was not sent (%s); its record stays and is skipped", run.runId(),
                    e.getMessage());
        }
    }

    /**
     * Runs active in the bucket without a {@code runsPartition} (made before runs had records) get their record, on
     * their key's partition, so that the trainer owning that partition resumes them. Trainers starting together may
     * both send it: the same key lands on the same partition, and the owner trains a run once.
     */
    public void adoptUnassigned() {
        for (RunManifest run : runs.listShared()) {
            if (run.state().isActive() && run.progress().runsPartition() == null) {
                int partition = topic.partitionByKey(run.runId());
                topic.send(RunAssignment.train(run.runId(), run.config().dataset(), Instant.now()), partition);
                LOG.infof("Run %s (%s, no record on %s yet) handed to the owner of partition %d", run.runId(),
                        run.state(), Topics.TRAINING_RUNS, partition);
            }
        }
    }

    private int partitionOf(RunManifest run) {
        Integer partition = run.progress().runsPartition();
        return partition != null ? partition : topic.partitionByKey(run.runId());
    }

    private void send(String runId, RunAssignment record, int partition) {
        try {
            topic.send(record, partition);
        } catch (IllegalStateException e) {
            String reason = "No trainer could be told to train the run: " + e.getMessage() + ". Resume it to try again.";
            runs.setState(runId, RunState.failed, reason);
            throw new TrainersUnreachableException("Run " + runId + " is saved but failed: " + reason, e);
        }
        LOG.infof("Run %s handed to the owner of %s partition %d", runId, Topics.TRAINING_RUNS, partition);
    }
}
