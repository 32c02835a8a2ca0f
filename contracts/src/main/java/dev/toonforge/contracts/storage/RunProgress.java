package dev.toonforge.contracts.storage;

/**
 * Where a run stands while it trains; the trainer replaces it at every state change, every few steps and every epoch.
 *
 * @param epoch   completed epochs (the newest checkpoint's epoch), 0 before the first
 * @param step    generator updates done
 * @param backend what the run computes on ("CPU (2 cores)", "GPU ..."), known once it has started
 * @param error   why the run failed, when it did
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
        String error) {

    /** A run that has not started. */
    public static RunProgress queued() {
        return new RunProgress(RunState.queued, 0, 0, null, null, null, null, null, null);
    }

    /** A new state; an ETA only makes sense while running. */
    public RunProgress withState(RunState newState, String newError) {
        return new RunProgress(newState, epoch, step, backend, lastDiscriminatorLoss, lastGeneratorLoss, imagesPerSecond,
                newState == RunState.running ? etaSeconds : null, newError);
    }

    public RunProgress withBackend(String newBackend) {
        return new RunProgress(state, epoch, step, newBackend, lastDiscriminatorLoss, lastGeneratorLoss, imagesPerSecond,
                etaSeconds, error);
    }

    /** The latest step's losses and speed. */
    public RunProgress withStep(long newStep, double dLoss, double gLoss, double newImagesPerSecond, Long newEta) {
        return new RunProgress(state, epoch, newStep, backend, dLoss, gLoss, newImagesPerSecond, newEta, error);
    }

    /** {@code newEpoch} is complete and checkpointed at {@code newStep}. */
    public RunProgress withEpoch(int newEpoch, long newStep) {
        return new RunProgress(state, newEpoch, newStep, backend, lastDiscriminatorLoss, lastGeneratorLoss,
                imagesPerSecond, etaSeconds, error);
    }
}
