package dev.toonforge.gallery.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.TrainingAlarm;
import dev.toonforge.contracts.events.TrainingProgress;

import java.time.Instant;

/**
 * What a browser receives on the event stream. {@code type} is {@code hello} (the stream is open), {@code progress}
 * (a training.progress event, with the newest {@code score} and the {@code bestEpoch} once the run has a score),
 * {@code checkpoint} (an epoch's grid is stored; {@code gridUrl} points at it), {@code alarm} (a training.alarms event:
 * its {@code kind}, {@code action} and {@code message}) or {@code heartbeat} (keeps idle connections open through
 * proxies).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiveEvent(
        String type,
        String runId,
        String dataset,
        String state,
        Integer epoch,
        Integer totalEpochs,
        Long step,
        Long stepsPerEpoch,
        Double dLoss,
        Double gLoss,
        Double imagesPerSecond,
        Long etaSeconds,
        Double score,
        Integer bestEpoch,
        String gridUrl,
        String kind,
        String action,
        String message,
        Instant at) {

    public static LiveEvent hello() {
        return signal("hello");
    }

    public static LiveEvent heartbeat() {
        return signal("heartbeat");
    }

    private static LiveEvent signal(String type) {
        return new LiveEvent(type, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, Instant.now());
    }

    public static LiveEvent of(TrainingProgress p) {
        return new LiveEvent("progress", p.runId(), p.dataset(), p.state(), p.epoch(), p.totalEpochs(), p.step(),
                p.stepsPerEpoch(), finite(p.dLoss()), finite(p.gLoss()), finite(p.imagesPerSecond()), p.etaSeconds(),
                p.score() == null ? null : finite(p.score()), p.bestEpoch(), null, null, null, null, p.at());
    }

    public static LiveEvent of(CheckpointPublished c) {
        return new LiveEvent("checkpoint", c.runId(), c.dataset(), null, c.epoch(), c.totalEpochs(), c.step(), null, null,
                null, null, null, null, null, GridLinks.grid(c.runId(), c.epoch()), null, null, null, c.publishedAt());
    }

    public static LiveEvent of(TrainingAlarm a) {
        return new LiveEvent("alarm", a.runId(), a.dataset(), null, a.epoch(), null, a.step(), null, null, null, null,
                null, null, null, null, a.kind() == null ? null : a.kind().name(), a.action(), a.message(), a.at());
    }

    /** Whether a browser watching {@code runId} (null: every run) wants this event. */
    public boolean concerns(String watchedRun) {
        return watchedRun == null || runId == null || watchedRun.equals(runId);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
