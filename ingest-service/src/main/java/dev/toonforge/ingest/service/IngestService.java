package dev.toonforge.ingest.service;

import dev.toonforge.contracts.events.ImageIngested;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.ingest.archive.ArchiveLimits;
import dev.toonforge.ingest.archive.UploadItem;
import dev.toonforge.ingest.archive.UploadUnpacker;
import dev.toonforge.ingest.config.IngestSettings;
import dev.toonforge.ingest.imaging.ImageNormalizer;
import dev.toonforge.ingest.imaging.ImageRejectedException;
import dev.toonforge.ingest.imaging.NormalizationRules;
import dev.toonforge.ingest.imaging.NormalizedImage;
import dev.toonforge.ingest.imaging.RejectionReason;
import dev.toonforge.ingest.metrics.IngestMetrics;
import dev.toonforge.ingest.storage.DatasetStore;
import dev.toonforge.ingest.messaging.IngestEvents;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One upload, start to finish: fixes the dataset's image size, streams every file (zips entry by entry) through the
 * decode pool, stores new images, announces them on {@code images.ingested} once the object exists, touches
 * {@code dataset.json}, and waits for Kafka's acknowledgements before answering. The dataset's image count is the
 * listing of its images, read after the request's images are stored.
 *
 * <p>Correct with any number of ingest instances on one bucket, because every "who was first?" is decided by the store's
 * atomic create ({@code If-None-Match: *}), not in this process's memory:
 * <ul>
 *   <li>an image is new for the one request, of any instance, whose create of {@code images/{sha256}.png} succeeds; every
 *   other request with the same picture counts it as a duplicate;</li>
 *   <li>a new dataset's {@code dataset.json} (its image size) is the one whose create succeeds; a request that loses
 *   that race reads the winner's size and is held to it like any later upload.</li>
 * </ul>
 * No event without its object: an image is announced only after its create (or, for a duplicate, once its object is
 * seen to exist). No object without its event: the creator announces it, and records the acknowledgement in the
 * bucket; a crash between the create and the send, or a Kafka failure (503), leaves the object without that record, and
 * the next upload of the same picture (the client's retry) announces it, after waiting out the creator's grace
 * ({@link ImageAnnouncements}). A duplicate whose image is already announced is not announced again.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    private final IngestSettings settings;
    private final DatasetStore store;
    private final IngestEvents events;
    private final DatasetLocks locks;
    private final DecodePool pool;
    private final ImageAnnouncements announcements;
    private final IngestMetrics metrics;
    private final ImageNormalizer normalizer;
    private final UploadUnpacker unpacker;

    public IngestService(IngestSettings settings, DatasetStore store, IngestEvents events, DatasetLocks locks,
                         DecodePool pool, ImageAnnouncements announcements, IngestMetrics metrics) {
        this.announcements = announcements;
        this.settings = settings;
        this.store = store;
        this.events = events;
        this.locks = locks;
        this.pool = pool;
        this.metrics = metrics;
        this.normalizer = new ImageNormalizer(NormalizationRules.of(settings), settings.jpegFastPath());
        LOG.infof("JPEG decoding: %s", normalizer.jpegFastPath() ? "libjpeg-turbo for plain JPEGs, ImageIO for the rest"
                : "ImageIO" + (settings.jpegFastPath() ? " (the libjpeg-turbo fast path did not load)" : ""));
        this.unpacker = new UploadUnpacker(ArchiveLimits.of(settings));
    }

    public UploadReport ingest(String dataset, Integer requestedSize, List<UploadedFile> files) {
        long started = System.nanoTime();
        try {
            return ingest(dataset, requestedSize, files, started);
        } catch (RuntimeException e) {
            metrics.uploadFailed(Duration.ofNanos(System.nanoTime() - started));
            throw e;
        }
    }

    private UploadReport ingest(String dataset, Integer requestedSize, List<UploadedFile> files, long started) {
        Names.requireDataset(dataset);
        if (files.isEmpty()) {
            throw new UploadRefusedException("Send one or more files (images or .zip archives) as multipart parts named 'files'.");
        }
        Target target = locks.withLock(dataset, () -> prepare(dataset, requestedSize));
        Request request = new Request(dataset, target.size());
        RuntimeException failure = null;
        try {
            for (UploadedFile file : files) {
                try (InputStream in = Files.newInputStream(file.path())) {
                    unpacker.unpack(file.name(), in, request::offer);
                } catch (IOException e) {
                    request.reject(new UploadReport.Rejected(file.name(), "the upload could not be read: " + e.getMessage()),
                            RejectionReason.UNREADABLE);
                }
            }
            request.finish();
        } catch (RuntimeException e) {
            failure = e;
            request.finishQuietly();
        }
        int imageCount = updateManifest(dataset, target, request, failure);
        if (failure != null) {
            throw failure;
        }
        UploadReport report = new UploadReport(dataset, target.size(), List.copyOf(request.accepted),
                List.copyOf(request.duplicates), List.copyOf(request.rejected), imageCount);
        awaitAcknowledgements(request.acks, report);
        record(report, request.rejectionReasons, started);
        return report;
    }

    private record Target(int size, boolean createdNow) {
    }

    private Target prepare(String dataset, Integer requestedSize) {
        if (requestedSize != null && !settings.allowedSizes().contains(requestedSize)) {
            throw new UploadRefusedException("Image size " + requestedSize + " is not offered; use ?size= with one of "
                    + new TreeSet<>(settings.allowedSizes()) + ".");
        }
        for (int attempt = 1; ; attempt++) {
            Optional<DatasetManifest> existing = store.manifest(dataset);
            if (existing.isPresent()) {
                int size = existing.get().imageSize();
                if (requestedSize != null && requestedSize != size) {
                    throw new UploadRefusedException("Dataset '" + dataset + "' holds " + size + "x" + size
                            + " images: its size was fixed by its first upload. Leave out ?size= or use ?size=" + size
                            + ", or upload to a new dataset for " + requestedSize + "x" + requestedSize + ".");
                }
                return new Target(size, false);
            }
            int size = requestedSize != null ? requestedSize : settings.defaultSize();
            if (store.createManifest(DatasetManifest.create(dataset, size, Instant.now()))) {
                return new Target(size, true);
            }
            // Another upload (maybe on another instance) created the dataset first: its size holds; read it.
            if (attempt >= 3) {
                throw new IllegalStateException("dataset.json of '" + dataset + "' was created and removed again "
                        + attempt + " times while this upload started; try again.");
            }
        }
    }

    /**
     * Records the upload's time when it stored something and returns the dataset's image count; removes a dataset this
     * request created but gave nothing.
     */
    private int updateManifest(String dataset, Target target, Request request, RuntimeException failure) {
        try {
            return locks.withLock(dataset, () -> {
                Instant now = Instant.now();
                int imageCount = store.imageCount(dataset);
                if (imageCount == 0 && target.createdNow() && request.duplicates.isEmpty()) {
                    store.deleteManifest(dataset);
                    return 0;
                }
                if (!request.accepted.isEmpty()) {
                    Optional<DatasetManifest> manifest = store.manifest(dataset);
                    if (manifest.isPresent()) {
                        store.saveManifest(manifest.get().withUpdatedAt(now));
                    } else {
                        // removed meanwhile (a concurrent upload that stored nothing, or a delete): created again, atomically
                        store.createManifest(DatasetManifest.create(dataset, target.size(), now));
                    }
                }
                return imageCount;
            });
        } catch (RuntimeException e) {
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
            return 0;
        }
    }

    private void awaitAcknowledgements(List<CompletableFuture<Void>> acks, UploadReport report) {
        long timeoutMs = settings.eventAckTimeout().toMillis();
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            long unconfirmed = acks.stream().filter(f -> !f.isDone() || f.isCompletedExceptionally()).count();
            String message = "Kafka did not confirm " + unconfirmed + " of " + acks.size() + " events within "
                    + timeoutMs + " ms. The images are stored; upload the same files again to re-send their events.";
            LOG.warnf("Upload to dataset '%s': %s (%s)", report.dataset(), message, e.getCause() != null ? e.getCause() : e);
            throw new UploadNotConfirmedException(message, report, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UploadNotConfirmedException("Interrupted while waiting for Kafka.", report, e);
        }
    }

    private void record(UploadReport report, List<RejectionReason> rejections, long started) {
        long nanos = System.nanoTime() - started;
        metrics.uploadDone(report, rejections, Duration.ofNanos(nanos));
        LOG.infof("Upload to dataset '%s': %d accepted, %d duplicates, %d rejected, %d images in the dataset, %d ms",
                report.dataset(), report.accepted().size(), report.duplicates().size(), report.rejected().size(),
                report.imageCount(), nanos / 1_000_000);
    }

    /** One image's result, computed on a decode thread. */
    private sealed interface Outcome {
        record Stored(UploadReport.Accepted accepted, CompletableFuture<Void> ack) implements Outcome {
        }

        record Known(UploadReport.Duplicate duplicate, CompletableFuture<Void> ack) implements Outcome {
        }

        record Refused(UploadReport.Rejected rejected, RejectionReason reason) implements Outcome {
        }
    }

    /** Decode thread: the file becomes a normalized image, or a rejection. */
    private Object normalize(int size, UploadItem.Candidate candidate) {
        try {
            NormalizedImage image = normalizer.normalize(candidate.bytes(), size);
            metrics.imageDecoded(image.decoder().startsWith(NormalizedImage.LIBJPEG_TURBO) ? "libjpeg-turbo" : "imageio");
            return image;
        } catch (ImageRejectedException e) {
            return new Outcome.Refused(new UploadReport.Rejected(candidate.name(), e.getMessage()), e.kind());
        }
    }

    /**
     * Store thread: the object is created unless it exists (decided by the store), then announced; a duplicate is
     * announced only when its creator's announcement is missing ({@link ImageAnnouncements}).
     */
    private Outcome store(String dataset, int size, String name, NormalizedImage image) {
        String sha = image.sha256();
        if (store.createImage(dataset, sha, image.png())) {
            return new Outcome.Stored(new UploadReport.Accepted(name, ObjectKeys.datasetImage(dataset, sha), sha),
                    announce(dataset, size, name, image));
        }
        CompletableFuture<Void> ack = announcements.duplicateNeedsEvent(dataset, sha)
                ? announce(dataset, size, name, image) : CompletableFuture.completedFuture(null);
        return new Outcome.Known(new UploadReport.Duplicate(name, sha), ack);
    }

    /** Sends the image's event (its object exists) and records the acknowledgement in the bucket. */
    private CompletableFuture<Void> announce(String dataset, int size, String name, NormalizedImage image) {
        CompletableFuture<Void> ack = events.imageIngested(ImageIngested.of(dataset, image.sha256(), name, size,
                image.png().length, Instant.now()));
        return announcements.recordWhenAcknowledged(dataset, image.sha256(), ack);
    }

    /** The state of one request: results in arrival order and at most a few images in the decode pool at once. */
    private final class Request {
        final String dataset;
        final int size;
        final List<UploadReport.Accepted> accepted = new ArrayList<>();
        final List<UploadReport.Duplicate> duplicates = new ArrayList<>();
        final List<UploadReport.Rejected> rejected = new ArrayList<>();
        final List<RejectionReason> rejectionReasons = new ArrayList<>();
        final List<CompletableFuture<Void>> acks = new ArrayList<>();
        final ArrayDeque<CompletableFuture<Outcome>> inFlight = new ArrayDeque<>();
        final int maxInFlight = pool.maxInFlightPerRequest();

        Request(String dataset, int size) {
            this.dataset = dataset;
            this.size = size;
        }

        void offer(UploadItem item) {
            if (item instanceof UploadItem.Rejected r) {
                reject(new UploadReport.Rejected(r.name(), r.reason()), r.kind());
            } else if (item instanceof UploadItem.Candidate c) {
                while (inFlight.size() >= maxInFlight) {
                    collect(inFlight.poll());
                }
                inFlight.add(CompletableFuture.supplyAsync(() -> normalize(size, c), pool.decoders())
                        .thenApplyAsync(result -> result instanceof NormalizedImage image
                                ? store(dataset, size, c.name(), image) : (Outcome) result, pool.storers()));
            }
        }

        void reject(UploadReport.Rejected file, RejectionReason reason) {
            rejected.add(file);
            rejectionReasons.add(reason);
        }

        void finish() {
            while (!inFlight.isEmpty()) {
                collect(inFlight.poll());
            }
        }

        /** After a failure: lets the images already in the pool finish (and be counted), ignoring their errors. */
        void finishQuietly() {
            while (!inFlight.isEmpty()) {
                try {
                    collect(inFlight.poll());
                } catch (RuntimeException ignored) {
                    // the first failure is the one reported
                }
            }
        }

        private void collect(CompletableFuture<Outcome> future) {
            Outcome outcome;
            try {
                outcome = future.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("decoding failed: " + e.getCause(), e.getCause());
            }
            if (outcome instanceof Outcome.Stored s) {
                accepted.add(s.accepted());
                acks.add(s.ack());
            } else if (outcome instanceof Outcome.Known k) {
                duplicates.add(k.duplicate());
                acks.add(k.ack());
            } else if (outcome instanceof Outcome.Refused r) {
                reject(r.rejected(), r.reason());
            }
        }
    }
}
