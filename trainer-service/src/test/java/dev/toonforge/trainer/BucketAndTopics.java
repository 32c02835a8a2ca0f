package dev.toonforge.trainer;

import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ToonforgeEvent;
import dev.toonforge.infra.LocalInfra;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/** Reads back what the trainer under test left in the bucket and on Kafka. */
final class BucketAndTopics {

    private BucketAndTopics() {
    }

    /** Every key under {@code prefix}. */
    static List<String> keys(LocalInfra infra, String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> r : infra.minioClient().listObjects(ListObjectsArgs.builder().bucket(infra.bucket())
                .prefix(prefix).recursive(true).build())) {
            keys.add(r.get().objectName());
        }
        return keys;
    }

    static byte[] object(LocalInfra infra, String key) throws Exception {
        try (InputStream in = infra.minioClient().getObject(GetObjectArgs.builder().bucket(infra.bucket()).object(key).build())) {
            return in.readAllBytes();
        }
    }

    /** The events with Kafka key {@code key} on {@code topic}, read from the start until at least {@code expected} came. */
    static <T extends ToonforgeEvent> List<T> events(LocalInfra infra, String topic, String key, Class<T> type,
                                                     int expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<T> events = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        events.add(EventCodec.decode(r.value(), type));
                    }
                }
                return events.size() >= expected;
            });
        }
        return events;
    }
}
