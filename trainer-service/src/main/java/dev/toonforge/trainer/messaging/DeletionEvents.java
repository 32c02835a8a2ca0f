package dev.toonforge.trainer.messaging;

import dev.toonforge.common.messaging.EventMessages;
import dev.toonforge.contracts.events.RunDeleted;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Duration;

/** Announces deleted runs on {@code runs.deleted} (channel {@code runs-deleted}, acks=all). */
@ApplicationScoped
public class DeletionEvents {

    private final MutinyEmitter<String> runsDeleted;

    public DeletionEvents(@Channel("runs-deleted") MutinyEmitter<String> runsDeleted) {
        this.runsDeleted = runsDeleted;
    }

    /** Returns when the broker has the event; throws when it does not acknowledge it within {@code timeout}. */
    public void announce(RunDeleted event, Duration timeout) {
        runsDeleted.sendMessage(EventMessages.of(event)).await().atMost(timeout);
    }
}
