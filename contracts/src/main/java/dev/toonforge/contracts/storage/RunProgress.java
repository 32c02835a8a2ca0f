package dev.toonforge.contracts.storage;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a run stands while it trains; the trainer replaces it at every state change, every few steps and every epoch.
 *
 * @param epoch            completed epochs (the newest checkpoint's epoch), 0 before the first
 * @param step             generator updates done
 * @param backend          what the run computes on ("CPU (2 cores)", "GPU ..."), known once it has started
 * @param error            why the run failed, when it did
 * @param lastScore        the newest quality score (see {@link EpochScore#swd()}), once one was measured
 * @param bestEpoch        the epoch with the lowest score so far
 * @param bestScore        that epoch's score
 * @param scoreEveryEpochs how often the trainer measures the score (it chooses, so measuring stays a small part of
 *                         training)
 * @param alarms           the alarms raised on the run, oldest first
 * @param trainer          the trainer instance that trains the run (or trained it last), once one has started it
 * @param runsPartition    the {@code training.runs} partition that holds the run's records (chosen when the run is
 *                         created; its later records go there too, so they reach the same owner)
 */
public record RunProgress(
        RunState state,
        int epoch,
        long step,
        String backend,
        Double lastDiscriminatorLoss,
        Double lastGeneratorLoss,
        Double imagesPerSecond,
        Long etaSeconds,
        String error,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double lastScore,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer bestEpoch,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double bestScore,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer scoreEveryEpochs,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RunAlarm> alarms,
        @JsonInclude(JsonInclude.Include.NON_NULL) String trainer,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer runsPartition) {

    public RunProgress {
        alarms = alarms == null ? List.of() : List.copyOf(alarms);
    }

    /** Progress without scores or alarms. */
    public RunProgress(RunState state, int epoch, long step, String backend, Double lastDiscriminatorLoss,
                       Double lastGeneratorLoss, Double imagesPerSecond, Long etaSeconds, String error) {
        this(state, epoch, step, backend, lastDiscriminatorLoss, lastGeneratorLoss, imagesPerSecond, etaSeconds, error,
                null, null, null, null, List.of(), null, null);
    }

    /** A run that has not started. */
    public static RunProgress queued() {
        return new RunProgress(RunState.queued, 0, 0, null, null, null, null, null, null);
    }

    /** A new state; an ETA only makes sense while running. */
    public RunProgress withState(RunState newState, String newError) {
        return new RunProgress(newState, epoch, step, backend, lastDiscriminatorLoss, lastGeneratorLoss, imagesPerSecond,
                newState == RunState.running ? etaSeconds : null, newError, lastScore, bestEpoch, bestScore,
                scoreEveryEpochs, alarms, trainer, runsPartition);
    }

    public RunProgress withBackend(String newBackend) {
        return new RunProgress(state, epoch, step, newBackend, lastDiscriminatorLoss, lastGeneratorLoss, imagesPerSecond,
                etaSeconds, error, lastScore, bestEpoch, bestScore, scoreEveryEpochs, alarms, trainer, runsPartition);
    }

    /** The latest step's losses and speed. */
    public RunProgress withStep(long newStep, double dLoss, double gLoss, double newImagesPerSecond, Long newEta) {
        return new RunProgress(state, epoch, newStep, backend, dLoss, gLoss, newImagesPerSecond, newEta, error,
                lastScore, bestEpoch, bestScore, scoreEveryEpochs, alarms, trainer, runsPartition);
    }

    /** {@code newEpoch} is complete and checkpointed at {@code newStep}. */
    public RunProgress withEpoch(int newEpoch, long newStep) {
        return new RunProgress(state, newEpoch, newStep, backend, lastDiscriminatorLoss, lastGeneratorLoss,
                imagesPerSecond, etaSeconds, error, lastScore, bestEpoch, bestScore, scoreEveryEpochs, alarms, trainer, runsPartition);
    }

    /** A new score; it becomes the best when it is lower than every earlier one. */
    public RunProgress withScore(EpochScore score) {
        boolean best = bestScore == null || score.swd() < bestScore;
        return new RunProgress(state, epoch, step, backend, lastDiscriminatorLoss, lastGeneratorLoss, imagesPerSecond,
                etaSeconds, error, score.swd(), best ? Integer.valueOf(score.epoch()) : bestEpoch,
                best ? Double.valueOf(score.swd()) : bestScore, scoreEveryEpochs, alarms, trainer, runsPartition);
    }

    public RunProgress withScoreEveryEpochs(int every) {
        return new RunProgress(state, epoch, step, backend, lastDiscriminatorLoss, lastGeneratorLoss, imagesPerSecond,
                etaSeconds, error, lastScore, bestEpoch, bestScore, every, alarms, trainer, runsPartition);
    }

    /** One more alarm, after the earlier ones. */
    public RunProgress withAlarm(RunAlarm alarm) {
        List<RunAlarm> more = new ArrayList<>(alarms);
        more.add(alarm);
        return new RunProgress(state, epoch, step, backend, lastDiscriminatorLoss, lastGeneratorLoss, imagesPerSecond,
                etaSeconds, error, lastScore, bestEpoch, bestScore, scoreEveryEpochs, more, trainer, runsPartition);
    }

    /** The trainer instance that trains the run now. */
    public RunProgress withTrainer(String newTrainer) {
        return new RunProgress(state, epoch, step, backend, lastDiscriminatorLoss, lastGeneratorLoss, imagesPerSecond,
                etaSeconds, error, lastScore, bestEpoch, bestScore, scoreEveryEpochs, alarms, newTrainer, runsPartition);
    }

    /** The {@code training.runs} partition of the run's records. */
    public RunProgress withRunsPartition(int partition) {
        return new RunProgress(state, epoch, step, backend, lastDiscriminatorLoss, lastGeneratorLoss, imagesPerSecond,
                etaSeconds, error, lastScore, bestEpoch, bestScore, scoreEveryEpochs, alarms, trainer, partition);
    }
}
