package dev.toonforge.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.contracts.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The plain GETs benchmarks make besides their load: a JSON document, or just the status of a URL. */
final class BenchHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BenchHttp() {
    }

    static JsonNode json(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.mapper().readTree(r.body());
    }

    static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
