package dev.toonforge.ingest.messaging;

import dev.toonforge.common.messaging.EventMessages;
import dev.toonforge.contracts.events.ImageIngested;
import dev.toonforge.contracts.events.ToonforgeEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.util.concurrent.CompletableFuture;

/**
 * Sends ingest events on the {@code images-ingested} channel (topic in
 * application.properties). Each send returns a future that completes when the broker has acknowledged the record
 * ({@code acks=all}) and fails when the producer gives up.
 */
@ApplicationScoped
public class IngestEvents {

    @Inject
    @Channel("images-ingested")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<String> images;

    public CompletableFuture<Void> imageIngested(ImageIngested event) {
        return send(images, event);
    }

    private static CompletableFuture<Void> send(Emitter<String> emitter, ToonforgeEvent event) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        Message<String> message = EventMessages.of(event)
                .withAck(() -> {
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acknowledged.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
        return acknowledged;
    }
}
