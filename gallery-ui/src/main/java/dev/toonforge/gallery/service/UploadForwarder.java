package dev.toonforge.gallery.service;

import dev.toonforge.gallery.config.GallerySettings;
import dev.toonforge.gallery.config.ServiceUrls;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * Streams a multipart upload, untouched, to the ingest service with the user's bearer token, and brings its answer back.
 * The page stays on one origin (no CORS), and the gallery never parses or stores the files.
 */
@ApplicationScoped
public class UploadForwarder {

    private final GallerySettings settings;
    private final HttpClient client;

    public UploadForwarder(GallerySettings settings, HttpClient client) {
        this.settings = settings;
        this.client = client;
    }

    public String ingestUrl() {
        return settings.ingestUrl();
    }

    /**
     * @param contentLength the body's length when the browser sent one (forwarded, so ingest can refuse an oversize
     *                      upload before reading it), else null
     */
    public Answer forward(String dataset, Integer size, String authorization, String contentType, Long contentLength,
                          InputStream body) throws IOException, InterruptedException {
        URI target = URI.create(ServiceUrls.base(settings.ingestUrl()) + "/api/datasets/" + dataset + "/images"
                + (size == null ? "" : "?size=" + size));
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> body);
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(settings.uploadTimeout())
                .header("Content-Type", contentType)
                .POST(contentLength != null && contentLength >= 0
                        ? HttpRequest.BodyPublishers.fromPublisher(stream, contentLength) : stream);
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
