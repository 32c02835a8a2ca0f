package dev.toonforge.sampler.messaging;

import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ModelServed;
import dev.toonforge.sampler.service.ServingChoices;
import dev.toonforge.sampler.service.StartupScan;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code models.served}, in a consumer group of this instance alone (every replica hears every change), read from the
 * beginning: the start-up scan has applied each dataset's stored serving choice already, so replayed changes (lower revisions)
 * are skipped without I/O.
 */
@ApplicationScoped
public class ModelServedConsumer {

    private static final Logger LOG = Logger.getLogger(ModelServedConsumer.class);

    private final ServingChoices choices;
    private final StartupScan startupScan;

    public ModelServedConsumer(ServingChoices choices, StartupScan startupScan) {
        this.choices = choices;
        this.startupScan = startupScan;
    }

    @Incoming("models-served")
    @Blocking
    public void onServed(ConsumerRecord<String, String> record) throws InterruptedException {
        startupScan.awaitDone();
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        EventCodec.tryDecode(record.value(), ModelServed.class, where).ifPresent(event -> {
            try {
                choices.apply(event, "event");
            } catch (RuntimeException e) {
                // One unreadable checkpoint must not stop the channel; the dataset keeps serving what it served.
                LOG.errorf("Could not apply serving choice %s r%d (%s): %s", event.dataset(), event.revision(), where,
                        e.getMessage());
            }
        });
    }
}
