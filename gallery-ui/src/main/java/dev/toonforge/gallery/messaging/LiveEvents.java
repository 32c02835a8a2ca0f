package dev.toonforge.gallery.messaging;

import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.TrainingAlarm;
import dev.toonforge.contracts.events.TrainingProgress;
import dev.toonforge.gallery.metrics.GalleryMetrics;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Forwards training.progress, checkpoints.published and training.alarms to every open browser. Each gallery instance
 * reads each topic in its own consumer group from the newest offset: it relays what happens now and never replays
 * history.
 */
@ApplicationScoped
public class LiveEvents {

    private final BroadcastProcessor<LiveEvent> broadcast = BroadcastProcessor.create();
    private final GalleryMetrics metrics;

    public LiveEvents(GalleryMetrics metrics) {
        this.metrics = metrics;
    }

    @Incoming("training-progress")
    void progress(ConsumerRecord<String, String> record) {
        EventCodec.tryDecode(record.value(), TrainingProgress.class, where(record))
                .ifPresent(event -> relay(LiveEvent.of(event)));
    }

    @Incoming("checkpoints-published")
    void checkpoint(ConsumerRecord<String, String> record) {
        EventCodec.tryDecode(record.value(), CheckpointPublished.class, where(record))
                .ifPresent(event -> relay(LiveEvent.of(event)));
    }

    private void relay(LiveEvent event) {
        broadcast.onNext(event);
        metrics.eventRelayed(event.type());
    }

    @Incoming("training-alarms")
    void alarm(ConsumerRecord<String, String> record) {
        EventCodec.tryDecode(record.value(), TrainingAlarm.class, where(record))
                .ifPresent(event -> broadcast.onNext(LiveEvent.of(event)));
    }

    /** Every event from now on. A browser that cannot keep up loses events rather than slowing the others. */
    public Multi<LiveEvent> stream() {
        return broadcast.onOverflow().drop();
    }

    private static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
