package dev.toonforge.sampler.messaging;

import dev.toonforge.common.messaging.EventMessages;
import dev.toonforge.contracts.events.ModelServed;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Duration;

/** Announces serving changes on {@code models.served} (channel {@code models-served-out}, acks=all). */
@ApplicationScoped
public class ServedEvents {

    private final MutinyEmitter<String> served;

    public ServedEvents(@Channel("models-served-out") MutinyEmitter<String> served) {
        this.served = served;
    }

    /** Returns when the broker has the event; throws when it does not acknowledge it within {@code timeout}. */
    public void announce(ModelServed event, Duration timeout) {
        served.sendMessage(EventMessages.of(event)).await().atMost(timeout);
    }
}
