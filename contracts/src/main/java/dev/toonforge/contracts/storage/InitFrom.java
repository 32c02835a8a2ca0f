package dev.toonforge.contracts.storage;

/**
 * Where a fine-tuned run's weights come from: a stored checkpoint of another run. Part of {@link RunConfig} (null for a
 * run that starts from random weights); in run.json it is the object field {@code "initFrom"}.
 *
 * @param runId          the source run
 * @param epoch          the source checkpoint's epoch
 * @param optimizerState {@link #FRESH} (new Adam state) or {@link #CARRY} (the source's Adam state too)
 */
public record InitFrom(String runId, int epoch, String optimizerState) {

    public static final String FRESH = "fresh";
    public static final String CARRY = "carry";

    /** Whether the source's optimizer state comes along. */
    public boolean carriesOptimizerState() {
        return CARRY.equals(optimizerState);
    }

    /** The source checkpoint's object key. */
    public String checkpointKey() {
        return ObjectKeys.runCheckpoint(runId, epoch);
    }
}
