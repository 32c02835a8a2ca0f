package dev.toonforge.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.AlarmKind;
import dev.toonforge.contracts.storage.RunAlarm;

import java.time.Instant;

/** An alarm raised on a run: the same facts as the {@link RunAlarm} the run keeps, with the run and dataset named. */
public record TrainingAlarm(
        int schemaVersion,
        String runId,
        String dataset,
        AlarmKind kind,
        int epoch,
        long step,
        String action,
        String message,
        Instant at) implements ToonforgeEvent {

    public static final int SCHEMA_VERSION = 1;

    public static TrainingAlarm of(String runId, String dataset, RunAlarm alarm) {
        Names.requireRunId(runId);
        return new TrainingAlarm(SCHEMA_VERSION, runId, dataset, alarm.kind(), alarm.epoch(), alarm.step(),
                alarm.action(), alarm.message(), alarm.at());
    }

    @Override
    @JsonIgnore
    public String kafkaKey() {
        return runId;
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.TRAINING_ALARMS;
    }
}
