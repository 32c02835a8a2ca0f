package dev.toonforge.trainer.messaging;

import dev.toonforge.common.messaging.EventMessages;
import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.TrainingAlarm;
import dev.toonforge.contracts.events.TrainingProgress;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import java.time.Duration;

/** What the trainer tells the others: checkpoints and alarms (waited for, acks=all) and progress (fire and forget). */
@ApplicationScoped
public class TrainerEvents {

    private static final Logger LOG = Logger.getLogger(TrainerEvents.class);

    private final MutinyEmitter<String> checkpoints;
    private final MutinyEmitter<String> progress;
    private final MutinyEmitter<String> alarms;

    public TrainerEvents(@Channel("checkpoints-published") MutinyEmitter<String> checkpoints,
                         @Channel("training-progress") MutinyEmitter<String> progress,
                         @Channel("training-alarms") MutinyEmitter<String> alarms) {
        this.checkpoints = checkpoints;
        this.progress = progress;
        this.alarms = alarms;
    }

    /** Returns when the broker has the event; retries while it is away. */
    public void publish(CheckpointPublished event) {
        checkpoints.sendMessage(EventMessages.of(event))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(10)).atMost(60)
                .await().atMost(Duration.ofMinutes(15));
    }

    /** Returns when the broker has the alarm; retries while it is away. */
    public void alarm(TrainingAlarm event) {
        alarms.sendMessage(EventMessages.of(event))
                .onFailure().retry().withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(10)).atMost(60)
                .await().atMost(Duration.ofMinutes(15));
    }

    public void progress(TrainingProgress event) {
        progress.sendMessage(EventMessages.of(event)).subscribe().with(
                ok -> { },
                failure -> LOG.debugf("training.progress not delivered: %s", failure.getMessage()));
    }
}
