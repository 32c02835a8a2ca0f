package dev.toonforge.gallery.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.TrainingProgress;

import java.time.Instant;

/**
 * What a browser receives on the event stream. {@code type} is {@code hello} (the stream is open), {@code progress}
 * (a training.progress event), {@code checkpoint} (an epoch's grid is stored; {@code gridUrl} points at it) or
 * {@code heartbeat} (keeps idle connections open through proxies).
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
        String gridUrl,
        Instant at) {

    public static LiveEvent hello() {
        return signal("hello");
    }

    public static LiveEvent heartbeat() {
        return signal("heartbeat");
    }

    private static LiveEvent signal(String type) {
        return new LiveEvent(type, null, null, null, null, null, null, null, null, null, null, null, null, Instant.now());
    }

    public static LiveEvent of(TrainingProgress p) {
        return new LiveEvent("progress", p.runId(), p.dataset(), p.state(), p.epoch(), p.totalEpochs(), p.step(),
                p.stepsPerEpoch(), finite(p.dLoss()), finite(p.gLoss()), finite(p.imagesPerSecond()), p.etaSeconds(), null,
                p.at());
    }

    public static LiveEvent of(CheckpointPublished c) {
        return new LiveEvent("checkpoint", c.runId(), c.dataset(), null, c.epoch(), c.totalEpochs(), c.step(), null, null,
                null, null, null, GridLinks.grid(c.runId(), c.epoch()), c.publishedAt());
    }

    /** Whether a browser watching {@code runId} (null: every run) wants this event. */
    public boolean concerns(String watchedRun) {
        return watchedRun == null || runId == null || watchedRun.equals(runId);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
