package dev.toonforge.contracts;

/** Kafka topic names. Every producer and consumer names its topic through these constants or the matching config. */
public final class Topics {

    /** One event per stored image; key = dataset name. */
    public static final String IMAGES_INGESTED = "images.ingested";
    /** One event per published checkpoint; key = run id. */
    public static final String CHECKPOINTS_PUBLISHED = "checkpoints.published";
    /** Every few training steps; key = run id. */
    public static final String TRAINING_PROGRESS = "training.progress";
    /** One event per alarm raised on a run (collapse, a discriminator that wins, divergence); key = run id. */
    public static final String TRAINING_ALARMS = "training.alarms";
    /** One event per change of the model a dataset serves (pin, unpin, rollback); key = dataset name. */
    public static final String MODELS_SERVED = "models.served";
    /** One event per deleted run, after its objects are removed; key = run id. */
    public static final String RUNS_DELETED = "runs.deleted";
    /** One event per deleted dataset, after its objects are removed; key = dataset name. */
    public static final String DATASETS_DELETED = "datasets.deleted";

    /**
     * Which trainer trains which run: one {@link dev.toonforge.contracts.events.RunAssignment} per run (key = run id,
     * compacted, so the newest record of each run stays), a tombstone once the run has ended or is deleted. The
     * trainers' consumer group owns the partitions, and with them the runs on them; the trainer creates the topic.
     */
    public static final String TRAINING_RUNS = "training.runs";

    public static final java.util.List<String> ALL =
            java.util.List.of(IMAGES_INGESTED, CHECKPOINTS_PUBLISHED, TRAINING_PROGRESS, TRAINING_ALARMS, MODELS_SERVED,
                    RUNS_DELETED, DATASETS_DELETED, TRAINING_RUNS);

    private Topics() {
    }
}
