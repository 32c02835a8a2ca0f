package dev.toonforge.contracts.storage;

/**
 * The entries of {@code runs/{runId}/checkpoints/epoch-NNNN.zip}: the trainer's full state (to resume) and the generator
 * export (all the sampler reads).
 */
public final class CheckpointArchive {

    /** Full training state: G, D, both optimizers, counters, configuration. */
    public static final String STATE_ENTRY = "state.bin";
    /** Generator only: what the sampler loads. */
    public static final String GENERATOR_ENTRY = "generator.bin";

    private CheckpointArchive() {
    }
}
