package dev.toonforge.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.contracts.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A gallery's server-sent event stream ({@code GET /api/events}) read as a browser reads it: every {@code data:} line
 * is one JSON event, kept in arrival order.
 */
final class LiveEventStream implements AutoCloseable {

    private final String url;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> reading;
    private volatile Stream<String> lines;

    private LiveEventStream(String url) {
        this.url = url;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET().build();
        this.reading = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAcceptAsync(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(url + " answered " + response.statusCode());
                    }
                    lines = response.body();
                    lines.filter(line -> line.startsWith("data:")).map(line -> read(line.substring(5).trim()))
                            .forEach(events::add);
                });
    }

    /** Opens the stream of the gallery at {@code galleryUrl}. */
    static LiveEventStream open(String galleryUrl) {
        return new LiveEventStream(galleryUrl + "/api/events");
    }

    /** Whether the gallery has said the stream is open (its {@code hello} event). */
    boolean isOpen() {
        return events.stream().anyMatch(e -> "hello".equals(e.path("type").asText()));
    }

    /** Whether an event of {@code type} about the run's epoch has come. */
    boolean has(String type, String runId, int epoch) {
        return events.stream().anyMatch(e -> type.equals(e.path("type").asText())
                && runId.equals(e.path("runId").asText()) && e.path("epoch").asInt() == epoch);
    }

    List<JsonNode> events() {
        return List.copyOf(events);
    }

    String url() {
        return url;
    }

    private static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON event: " + json, e);
        }
    }

    @Override
    public void close() {
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
        reading.cancel(true);
    }
}
