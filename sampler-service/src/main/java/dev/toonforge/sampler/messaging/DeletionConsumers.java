package dev.toonforge.sampler.messaging;

import dev.toonforge.contracts.events.DatasetDeleted;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.RunDeleted;
import dev.toonforge.sampler.service.Deletions;
import dev.toonforge.sampler.service.StartupScan;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code runs.deleted} and {@code datasets.deleted}, each in a consumer group of this instance alone (every replica
 * forgets what was deleted), read from the beginning after the start-up scan, like {@code checkpoints.published}.
 */
@ApplicationScoped
public class DeletionConsumers {

    private final Deletions deletions;
    private final StartupScan startupScan;

    public DeletionConsumers(Deletions deletions, StartupScan startupScan) {
        this.deletions = deletions;
        this.startupScan = startupScan;
    }

    @Incoming("runs-deleted")
    @Blocking
    public void onRunDeleted(ConsumerRecord<String, String> record) throws InterruptedException {
        startupScan.awaitDone();
        EventCodec.tryDecode(record.value(), RunDeleted.class, where(record)).ifPresent(deletions::runDeleted);
    }

    @Incoming("datasets-deleted")
    @Blocking
    public void onDatasetDeleted(ConsumerRecord<String, String> record) throws InterruptedException {
        startupScan.awaitDone();
        EventCodec.tryDecode(record.value(), DatasetDeleted.class, where(record)).ifPresent(deletions::datasetDeleted);
    }

    private static String where(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
