package dev.toonforge.ingest.service;

import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.ingest.config.IngestSettings;
import dev.toonforge.ingest.storage.DatasetStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Whether an image that an upload meets as a duplicate still needs its {@code images.ingested} event, decided from the
 * bucket so every ingest instance answers alike. The request that creates an image announces it and, once Kafka has
 * acknowledged the event, writes the image's announcement record ({@link ObjectKeys#datasetImageAnnounced}). For a
 * duplicate:
 * <ul>
 *   <li>a record exists: the image is announced; no event;</li>
 *   <li>no record, and the object is younger than {@code announce-grace}: its creator may still be announcing it (a
 *   concurrent upload of the same picture, here or on another instance), so the duplicate waits for the record, polling,
 *   until the object is that old; the record appears: no event;</li>
 *   <li>no record once the object is that old: its creator crashed between the create and the send, or Kafka failed its
 *   event (that upload answered 503 or nothing), so this request announces the image itself and writes the record.</li>
 * </ul>
 * So a picture uploaded to several instances at once is announced once, and a retry of an upload whose events were lost
 * announces them (after at most {@code announce-grace}). Only a creator slower than the grace, or a record write that
 * failed, leads to a second event; consumers treat {@code images.ingested} as idempotent by hash. No event is sent for
 * an image whose object is missing.
 */
@ApplicationScoped
public class ImageAnnouncements {

    private static final Logger LOG = Logger.getLogger(ImageAnnouncements.class);
    private static final Duration FIRST_POLL = Duration.ofMillis(50);
    private static final Duration LONGEST_POLL = Duration.ofSeconds(1);

    private final DatasetStore store;
    private final DecodePool pool;
    private final Duration grace;

    public ImageAnnouncements(DatasetStore store, DecodePool pool, IngestSettings settings) {
        this.store = store;
        this.pool = pool;
        this.grace = settings.announceGrace();
    }

    /** For an image this request did not create: true when this request must announce it (see the class comment). */
    public boolean duplicateNeedsEvent(String dataset, String sha256) {
        if (store.isAnnounced(dataset, sha256)) {
            return false;
        }
        Optional<Duration> age = store.imageAge(dataset, sha256);
        if (age.isEmpty()) {
            return false; // deleted meanwhile: nothing to announce
        }
        Instant deadline = Instant.now().plus(grace.minus(age.get()));
        Duration pause = FIRST_POLL;
        while (Instant.now().isBefore(deadline)) {
            if (!pauseFor(pause)) {
                break;
            }
            if (store.isAnnounced(dataset, sha256)) {
                return false;
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
        }
        return store.imageAge(dataset, sha256).isPresent();
    }

    /**
     * The event of {@code ack}, followed by the image's announcement record once Kafka acknowledged it. The returned
     * future fails as {@code ack} fails; a record that cannot be written is only logged (the next duplicate announces
     * the image again).
     */
    public CompletableFuture<Void> recordWhenAcknowledged(String dataset, String sha256, CompletableFuture<Void> ack) {
        return ack.thenRunAsync(() -> {
            try {
                store.markAnnounced(dataset, sha256);
            } catch (RuntimeException e) {
                LOG.warnf("Image %s of dataset '%s' is announced, but its announcement record was not written: %s",
                        sha256, dataset, e.getMessage());
            }
        }, pool.recorders());
    }

    private static boolean pauseFor(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
