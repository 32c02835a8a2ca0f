package dev.toonforge.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.storage.MetricPoint;
import dev.toonforge.infra.process.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The API of a packaged trainer started as a process, as the trainer ITs call it, with the token they start it with. */
final class PackagedTrainer {

    static final String TOKEN = "it-token-0123456789abcdef";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PackagedTrainer() {
    }

    /** GET /api/runs/{runId}. */
    static JsonNode run(ServiceProcess trainer, String runId) throws Exception {
        return Json.mapper().readTree(send(trainer, "GET", "/api/runs/" + runId, null, 200));
    }

    /** Sends {@code json} (null: a GET) and asserts the status; returns the body. */
    static String send(ServiceProcess trainer, String method, String path, String json, int expected) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(trainer.url(path))).header("Authorization", "Bearer " + TOKEN);
        request = json == null ? request.GET() : request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return response.body();
    }

    /** One line of a run's metrics.jsonl. */
    static MetricPoint metric(String line) {
        try {
            return Json.mapper().readValue(line, MetricPoint.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
