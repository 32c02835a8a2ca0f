package dev.toonforge.gallery.messaging;

import dev.toonforge.contracts.Topics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ready once every live topic has partitions assigned and their start offsets resolved: from then on every event
 * produced reaches the browsers. (With "latest" offsets, an event produced before that moment would be skipped.)
 */
@ApplicationScoped
@Identifier(LiveEventsReadiness.NAME)
@Readiness
public class LiveEventsReadiness implements KafkaConsumerRebalanceListener, HealthCheck {

    public static final String NAME = "gallery-live-events";

    private final Set<String> listening = ConcurrentHashMap.newKeySet();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            // Resolves "latest" now, on the polling thread, instead of at some later poll.
            consumer.position(partition);
            listening.add(partition.topic());
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> listening.remove(partition.topic()));
    }

    public boolean live() {
        return listening.containsAll(Set.of(Topics.TRAINING_PROGRESS, Topics.CHECKPOINTS_PUBLISHED, Topics.TRAINING_ALARMS));
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("live-events")
                .status(live())
                .withData("topics", String.join(",", listening))
                .build();
    }
}
