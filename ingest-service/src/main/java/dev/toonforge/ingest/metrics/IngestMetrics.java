package dev.toonforge.ingest.metrics;

import dev.toonforge.ingest.imaging.RejectionReason;
import dev.toonforge.ingest.service.UploadReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;

/**
 * The ingest service's meters at {@code /q/metrics}: images by outcome, rejections by reason, upload time (with
 * percentiles) by outcome, and which decoder read each image.
 */
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter rejected;
    private final Timer stored;
    private final Timer allRejected;
    private final Timer failed;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.accepted = images("accepted");
        this.duplicates = images("duplicate");
        this.rejected = images("rejected");
        this.stored = upload("stored");
        this.allRejected = upload("all_rejected");
        this.failed = upload("failed");
    }

    /** A finished upload: its images by outcome, its rejections by reason, and its time. */
    public void uploadDone(UploadReport report, List<RejectionReason> rejections, Duration took) {
        (report.everythingRejected() ? allRejected : stored).record(took);
        accepted.increment(report.accepted().size());
        duplicates.increment(report.duplicates().size());
        rejected.increment(report.rejected().size());
        for (RejectionReason reason : rejections) {
            registry.counter("toonforge.ingest.rejected", "reason", reason.tag()).increment();
        }
    }

    /** An upload that ended in an error (refused request, store or Kafka away): only its time. */
    public void uploadFailed(Duration took) {
        failed.record(took);
    }

    /** One image decoded, by {@code libjpeg-turbo} or {@code imageio}. */
    public void imageDecoded(String decoder) {
        registry.counter("toonforge.ingest.decoded", "decoder", decoder).increment();
    }

    private Counter images(String outcome) {
        return Counter.builder("toonforge.ingest.images").description("Images of finished uploads, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Timer upload(String outcome) {
        return Timer.builder("toonforge.ingest.upload").description("Time to ingest one upload request")
                .tag("outcome", outcome).publishPercentiles(0.5, 0.95, 0.99).register(registry);
    }
}
