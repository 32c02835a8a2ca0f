package dev.toonforge.launcher;

import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ImageIngested;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The {@code images.ingested} events on the broker, read from the beginning by a consumer group of its own: how many
 * events there are and how many distinct images they announce, in all and per dataset. Benchmarks check with it that
 * every accepted image is announced exactly once.
 */
final class IngestedEvents {

    private int events;
    private final Set<String> distinct = new HashSet<>();
    private final Map<String, Integer> eventsByDataset = new HashMap<>();
    private final Map<String, Set<String>> distinctByDataset = new HashMap<>();

    private IngestedEvents() {
    }

    /**
     * Reads until {@code enough} holds or {@code timeout} has passed, then a further two seconds of polls so that extra
     * (duplicate) announcements are counted too.
     */
    static IngestedEvents read(String bootstrapServers, Predicate<IngestedEvents> enough, Duration timeout) {
        Map<String, Object> config = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        IngestedEvents seen = new IngestedEvents();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("images.ingested"));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!enough.test(seen) && System.nanoTime() < deadline) {
                seen.add(consumer.poll(Duration.ofMillis(500)));
            }
            for (int i = 0; i < 4; i++) {
                seen.add(consumer.poll(Duration.ofMillis(500)));
            }
        }
        return seen;
    }

    private void add(Iterable<ConsumerRecord<String, String>> records) {
        for (ConsumerRecord<String, String> r : records) {
            events++;
            EventCodec.tryDecode(r.value(), ImageIngested.class, "images.ingested").ifPresent(e -> {
                distinct.add(e.dataset() + "/" + e.sha256());
                eventsByDataset.merge(e.dataset(), 1, Integer::sum);
                distinctByDataset.computeIfAbsent(e.dataset(), d -> new HashSet<>()).add(e.sha256());
            });
        }
    }

    /** Every event read, readable or not. */
    int events() {
        return events;
    }

    /** Distinct (dataset, image) pairs announced. */
    int distinct() {
        return distinct.size();
    }

    int events(String dataset) {
        return eventsByDataset.getOrDefault(dataset, 0);
    }

    int distinct(String dataset) {
        return distinctByDataset.getOrDefault(dataset, Set.of()).size();
    }
}
