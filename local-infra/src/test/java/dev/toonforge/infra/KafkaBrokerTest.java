package dev.toonforge.infra;

import dev.toonforge.infra.kafka.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KafkaBrokerTest {

    @Test
    void recordsMakeARoundTripThroughTheRealBroker() throws Exception {
        try (KafkaBroker broker = KafkaBroker.create(0, null).start()) {
            produce(broker, "round-trip", List.of("a", "b", "c"));

            assertThat(consumeAll(broker, "round-trip", 3)).containsExactly("key=a", "key=b", "key=c");
        }
    }

    @Test
    void dataSurvivesARestartOnTheSameFolder(@TempDir Path dir) throws Exception {
        KafkaBroker broker = KafkaBroker.create(0, dir.resolve("kafka")).start();
        try {
            produce(broker, "durable", List.of("before-restart"));
            broker.stop();
            assertThat(broker.isRunning()).isFalse();

            broker.start();
            produce(broker, "durable", List.of("after-restart"));

            assertThat(consumeAll(broker, "durable", 2)).containsExactly("key=before-restart", "key=after-restart");
        } finally {
            broker.close();
        }
        assertThat(dir.resolve("kafka")).as("a given folder is kept").isDirectory();
    }

    @Test
    void aRestartedBrokerServesItsTopicsOnceStartReturns(@TempDir Path dir) throws Exception {
        KafkaBroker broker = KafkaBroker.create(0, dir.resolve("kafka")).start();
        try {
            produce(broker, "served", List.of("before-restart"));
            broker.stop();
            broker.start();
            // A service's producer waits 3 s for a topic's metadata; right after start() it must not have to.
            produce(broker, "served", List.of("after-restart"), 3000);
        } finally {
            broker.close();
        }
    }

    @Test
    void bindsOnlyToLoopback() {
        try (KafkaBroker broker = KafkaBroker.create(0, null).start()) {
            assertThat(broker.bootstrapServers()).startsWith("127.0.0.1:");
        }
    }

    private static void produce(KafkaBroker broker, String topic, List<String> values) throws Exception {
        produce(broker, topic, values, 60_000);
    }

    /** Sends each value and waits for it; the producer waits at most {@code maxBlockMs} for the topic's metadata. */
    private static void produce(KafkaBroker broker, String topic, List<String> values, int maxBlockMs)
            throws Exception {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, "key", value)).get();
            }
        }
    }

    private static List<String> consumeAll(KafkaBroker broker, String topic, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(r.key() + "=" + r.value());
                }
                return seen.size() >= expected;
            });
        }
        return seen;
    }
}
