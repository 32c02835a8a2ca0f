package dev.toonforge.ingest.messaging;

import dev.toonforge.common.messaging.EventMessages;
import dev.toonforge.contracts.events.DatasetDeleted;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Duration;

/** Announces deleted datasets on {@code datasets.deleted} (channel {@code datasets-deleted}, acks=all). */
@ApplicationScoped
public class DeletionEvents {

    private final MutinyEmitter<String> datasetsDeleted;

    public DeletionEvents(@Channel("datasets-deleted") MutinyEmitter<String> datasetsDeleted) {
        this.datasetsDeleted = datasetsDeleted;
    }

    /** Returns when the broker has the event; throws when it does not acknowledge it within {@code timeout}. */
    public void announce(DatasetDeleted event, Duration timeout) {
        datasetsDeleted.sendMessage(EventMessages.of(event)).await().atMost(timeout);
    }
}
