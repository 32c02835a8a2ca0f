package dev.toonforge.gallery.service;

import dev.toonforge.gallery.config.GallerySettings;
import dev.toonforge.gallery.config.ServiceUrls;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Passes the page's serving requests ({@code /api/models/...}: what a dataset serves, pin, unpin, rollback) to the
 * sampler with the user's bearer token, and brings its answer back as it is. The page stays on one origin (no CORS, the
 * Content-Security-Policy keeps {@code connect-src 'self'}), and the gallery itself holds no token.
 */
@ApplicationScoped
public class SamplerForwarder {

    private final GallerySettings settings;
    private final HttpClient client;

    public SamplerForwarder(GallerySettings settings, HttpClient client) {
        this.settings = settings;
        this.client = client;
    }

    /** The sampler as the backend reaches it: {@code sampler-api-url}, else {@code sampler-url}. */
    public String samplerUrl() {
        return ServiceUrls.base(settings.samplerApiUrl().filter(url -> !url.isBlank()).orElse(settings.samplerUrl()));
    }

    public Duration timeout() {
        return settings.samplerTimeout();
    }

    /**
     * @param path          the sampler path, starting with {@code /api/models}, already validated
     * @param authorization the caller's {@code Authorization} header, passed on untouched (null: none)
     * @param contentType   the body's type (null: no body)
     * @param body          the request body (null: none)
     * @throws IOException when the sampler does not answer (not running, refused, timed out)
     */
    public Answer send(String method, String path, String authorization, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(samplerUrl() + path))
                .timeout(settings.samplerTimeout())
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            request.header("Content-Type", contentType == null || contentType.isBlank() ? "application/json" : contentType);
        }
        if (authorization != null && !authorization.isBlank()) {
            request.header("Authorization", authorization);
        }
        HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(answer.statusCode(), answer.body(),
                answer.headers().firstValue("Content-Type").orElse("application/json"),
                answer.headers().firstValue("Retry-After"));
    }

    public record Answer(int status, byte[] body, String contentType, Optional<String> retryAfter) {
    }
}
