package dev.toonforge.ingest.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Set;

/**
 * {@code toonforge.ingest.*}: every limit of the ingest service. Each key can be overridden from the environment,
 * e.g. {@code toonforge.ingest.max-pixels} as TOONFORGE_INGEST_MAX_PIXELS.
 */
@ConfigMapping(prefix = "toonforge.ingest")
public interface IngestSettings {

    /** The largest request body; bigger uploads get 413 (wired to quarkus.http.limits.max-body-size). */
    @WithDefault("1G")
    MemorySize maxRequestSize();

    /** Side of the stored square images when the first upload of a dataset does not say ({@code ?size=}). */
    @WithDefault("128")
    int defaultSize();

    /** The sizes a dataset may have. */
    @WithDefault("32,64,128")
    Set<Integer> allowedSizes();

    /** Images whose header declares more pixels than this are rejected before any pixel is decoded. */
    @WithDefault("40000000")
    long maxPixels();

    /** Images whose shorter side is below this are rejected. */
    @WithDefault("16")
    int minSide();

    /** One image file (or zip entry) larger than this is rejected without decoding. */
    @WithDefault("104857600")
    long maxImageBytes();

    /** How a non-square image becomes square: {@code crop} (center crop) or {@code pad} (letterbox on the background). */
    @WithDefault("crop")
    SquareMode square();

    /** Background that transparent pixels (and padding) are flattened onto, as RRGGBB hex. */
    @WithDefault("ffffff")
    String background();

    /** Resampling filter: {@code area} (area averaging; bilinear when enlarging) or {@code lanczos} (Lanczos-3). */
    @WithDefault("area")
    ResizeFilter filter();

    /**
     * Decode plain YCbCr JPEGs (no ICC profile, no CMYK) with libjpeg-turbo, shrunk by 2, 4 or 8 inside the decoder
     * when the picture is at least that many times the target size; false: ImageIO decodes every file.
     */
    @WithDefault("true")
    boolean jpegFastPath();

    /** Decoder threads shared by all requests; 0 means one per CPU core. */
    @WithDefault("0")
    int decodeThreads();

    /** Threads that write images to the object store and send their events (they mostly wait on the network). */
    @WithDefault("8")
    int storeThreads();

    Archive archive();

    /** How long a request waits for Kafka to acknowledge its events before answering 503. */
    @WithDefault("10s")
    Duration eventAckTimeout();

    /**
     * How long after an image object was created the request that created it may still be announcing it. A request
     * that meets the image as a duplicate without its announcement record waits (polling the record) until the object
     * is this old, then announces it itself: its creator crashed or Kafka failed its event. Keep it above the
     * producer's {@code delivery.timeout.ms} plus a few seconds.
     */
    @WithDefault("40s")
    Duration announceGrace();

    interface Archive {

        /** Entries (files, folders and junk included) one zip may hold. */
        @WithDefault("20000")
        int maxEntries();

        /** Uncompressed bytes of all entries of one zip. */
        @WithDefault("2147483648")
        long maxTotalBytes();

        /** Uncompressed:compressed ratio above which an entry or archive is treated as a zip bomb. */
        @WithDefault("100")
        int maxCompressionRatio();

        /** The ratio is only checked once an entry (or archive) has inflated past this many bytes. */
        @WithDefault("1048576")
        long ratioGraceBytes();
    }

    enum SquareMode {
        crop, pad
    }

    enum ResizeFilter {
        area, lanczos
    }
}
