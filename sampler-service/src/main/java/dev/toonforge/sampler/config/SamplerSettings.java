package dev.toonforge.sampler.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code toonforge.sampler.*}; every key can be set from the environment (TOONFORGE_SAMPLER_MAX_BATCH, ...). */
@ConfigMapping(prefix = "toonforge.sampler")
public interface SamplerSettings {

    /** Most z vectors in one generator forward pass; larger requests are split over several passes. */
    @WithDefault("64")
    int maxBatch();

    /** How long the generator thread waits for more requests after the first before it runs a pass (0: only what is queued). */
    @WithDefault("2")
    int maxWaitMs();

    /** Images waiting for the generator beyond which new requests are refused with 503. */
    @WithDefault("4096")
    int maxQueuedImages();

    /** How long a request waits for its images before it gives up with 503. */
    @WithDefault("30000")
    long requestTimeoutMs();

    /** Generators of explicitly requested epochs ({@code epoch=N}) kept in memory, least recently used evicted. */
    @WithDefault("8")
    int epochCacheSize();

    /** Largest {@code count} of grid.png and number of seeds or latents in one POST. */
    @WithDefault("256")
    int maxImages();

    /** Largest {@code scale} (nearest-neighbour upscaling factor). */
    @WithDefault("8")
    int maxScale();

    /** Largest {@code frames} of interpolate.gif. */
    @WithDefault("120")
    int maxFrames();

    /** Delay between interpolation GIF frames. */
    @WithDefault("80")
    int gifFrameDelayMs();

    /**
     * Cache-Control max-age for answers from the newest checkpoint (they change when a newer one arrives; clients
     * revalidate with the ETag). Answers for an explicit run and epoch never change and are cached for a year.
     */
    @WithDefault("0")
    int newestMaxAgeSeconds();

    /** Delay between attempts of the start-up scan while the object store is unreachable. */
    @WithDefault("5000")
    long startupRetryMs();

    /**
     * Threads ND4J and OpenBLAS may use for one generator pass. One by default: the generator thread keeps one core
     * busy and the others serve HTTP and encode PNGs; more threads on a shared or small machine make OpenMP spin against
     * everything else and slow every pass down (figures in docs/benchmarks.md). 0 keeps ND4J's own choice.
     */
    @WithDefault("1")
    int computeThreads();
}
