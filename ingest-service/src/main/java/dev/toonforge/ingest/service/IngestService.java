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
 * decode pool, stores new images, announces every stored image on {@code images.ingested} once the object exists,
 * touches {@code dataset.json}, and waits for Kafka's acknowledgements before answering. The dataset's image count is
 * the listing of its images, read after the request's images are stored.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);

    private final IngestSettings settings;
    private final DatasetStore store;
    private final IngestEvents events;
    private final DatasetLocks locks;
    private final DecodePool pool;
    private final ImageClaims claims;
    private final KnownImages known;
    private final IngestMetrics metrics;
    private final ImageNormalizer normalizer;
    private final UploadUnpacker unpacker;

    public IngestService(IngestSettings settings, DatasetStore store, IngestEvents events, DatasetLocks locks,
                         DecodePool pool, ImageClaims claims, KnownImages known, IngestMetrics metrics) {
        this.claims = claims;
        this.known = known;
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
        known.load(dataset);
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
        store.saveManifest(DatasetManifest.create(dataset, size, Instant.now()));
        return new Target(size, true);
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
                    store.saveManifest(store.manifest(dataset)
                            .orElseGet(() -> DatasetManifest.create(dataset, target.size(), now)).withUpdatedAt(now));
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
     * Store thread: the object is written unless it exists, then announced. Only a hash this process has seen in the
     * bucket is checked with S3 first (see {@link KnownImages}); a new one is written straight away.
     */
    private Outcome store(String dataset, int size, String name, NormalizedImage image) {
        String sha = image.sha256();
        boolean stored = claims.storeOnce(dataset, sha, () -> {
            if (known.mayExist(dataset, sha) && store.imageExists(dataset, sha)) {
                return false;
            }
            store.putImage(dataset, sha, image.png());
            known.stored(dataset, sha);
            return true;
        });
        // Only now does the object exist. Duplicates are announced again: a previous upload may have stored the image
        // without Kafka confirming its event; consumers treat images.ingested as idempotent by hash.
        CompletableFuture<Void> ack = events.imageIngested(ImageIngested.of(dataset, sha, name, size,
                image.png().length, Instant.now()));
        return stored
                ? new Outcome.Stored(new UploadReport.Accepted(name, ObjectKeys.datasetImage(dataset, sha), sha), ack)
                : new Outcome.Known(new UploadReport.Duplicate(name, sha), ack);
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
