package dev.toonforge.contracts.events;

/** An event on a Toonforge topic. Each carries the version of its own schema so consumers can skip what they do not understand. */
public sealed interface ToonforgeEvent permits ImageIngested, CheckpointPublished, TrainingProgress, TrainingAlarm,
        ModelServed, RunDeleted, DatasetDeleted, RunAssignment {

    int schemaVersion();

    /** The Kafka record key: the dataset for dataset events, the run id for run events. */
    String kafkaKey();

    /** The topic this event belongs on. */
    String topic();
}
