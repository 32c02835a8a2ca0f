package dev.toonforge.common.messaging;

import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ToonforgeEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Turns an event into a Kafka message: JSON value, the event's own key, on its topic. */
public final class EventMessages {

    private EventMessages() {
    }

    public static Message<String> of(ToonforgeEvent event) {
        return Message.of(EventCodec.encode(event)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(event.kafkaKey())
                .withTopic(event.topic())
                .build());
    }
}
