package dev.toonforge.sampler.messaging;

import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.sampler.service.CheckpointUpdates;
import dev.toonforge.sampler.service.StartupScan;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code checkpoints.published}, in a consumer group of this instance alone (every replica hears every event), read
 * from the beginning: the start-up scan has loaded the newest already, so older events are skipped without I/O.
 */
@ApplicationScoped
public class CheckpointPublishedConsumer {

    private static final Logger LOG = Logger.getLogger(CheckpointPublishedConsumer.class);

    private final CheckpointUpdates updates;
    private final StartupScan startupScan;

    public CheckpointPublishedConsumer(CheckpointUpdates updates, StartupScan startupScan) {
        this.updates = updates;
        this.startupScan = startupScan;
    }

    @Incoming("checkpoints-published")
    @Blocking
    public void onCheckpoint(ConsumerRecord<String, String> record) throws InterruptedException {
        startupScan.awaitDone();
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        EventCodec.tryDecode(record.value(), CheckpointPublished.class, where).ifPresent(event -> {
            try {
                updates.apply(event, "event");
            } catch (RuntimeException e) {
                // One unreadable checkpoint must not stop the channel; the next event brings a newer one.
                LOG.errorf("Could not load checkpoint %s (%s): %s", event.checkpointId(), where, e.getMessage());
            }
        });
    }
}
