package dev.toonforge.gallery.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code toonforge.gallery.*}: where the other services are, and how much the gallery sends to a browser at once. */
@ConfigMapping(prefix = "toonforge.gallery")
public interface GallerySettings {

    /** The sampler service as the browser reaches it (TOONFORGE_GALLERY_SAMPLER_URL); images load from it directly. */
    @WithDefault("http://localhost:8083")
    String samplerUrl();

    /**
     * The sampler service as the gallery backend reaches it (TOONFORGE_GALLERY_SAMPLER_API_URL), for the serving choice
     * it proxies ({@code /api/models}); when unset, {@link #samplerUrl()}.
     */
    java.util.Optional<String> samplerApiUrl();

    /** How long a proxied serving change may take (the sampler waits up to 15 s for its own instance to apply it). */
    @WithDefault("PT30S")
    java.time.Duration samplerTimeout();

    /** The ingest service as the gallery backend reaches it (TOONFORGE_GALLERY_INGEST_URL); uploads are proxied to it. */
    @WithDefault("http://localhost:8081")
    String ingestUrl();

    /** Dataset thumbnails on the home page. */
    @WithDefault("4")
    int thumbnailsPerDataset();

    /** Per-step loss points sent to the chart; longer runs are averaged into this many buckets. */
    @WithDefault("2000")
    int maxChartPoints();

    /** Frames in the evolution GIF at most; longer runs are sampled evenly, always keeping the first and last epoch. */
    @WithDefault("120")
    int maxGifFrames();

    /** How long each epoch shows in the evolution GIF. */
    @WithDefault("400")
    int gifFrameDelayMillis();

    /** How long an upload may take end to end before the proxy gives up. */
    @WithDefault("PT10M")
    java.time.Duration uploadTimeout();
}
