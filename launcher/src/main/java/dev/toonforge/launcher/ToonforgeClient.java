package dev.toonforge.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.contracts.Json;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The few calls made to the services' HTTP APIs: uploads, runs and JSON reads, to instance 1 or to any instance by URL. */
public final class ToonforgeClient implements AutoCloseable {

    private final SystemSettings settings;
    private final String token;
    private final CloseableHttpClient http;

    public ToonforgeClient(SystemSettings settings, String token) {
        this.settings = settings;
        this.token = token;
        this.http = HttpClients.createDefault();
    }

    /**
     * A client that keeps up to {@code connections} connections open to each service instance, for callers that send
     * more concurrent requests than the default pool allows per host.
     */
    public ToonforgeClient(SystemSettings settings, String token, int connections) {
        this.settings = settings;
        this.token = token;
        this.http = HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnPerRoute(connections).setMaxConnTotal(connections * Scale.MAX_INSTANCES).build()).build();
    }

    /** POST /api/datasets/{dataset}/images?size= with one zip part to ingest instance 1; returns the ingest report. */
    public JsonNode uploadZip(String dataset, int size, String fileName, byte[] zip) {
        return upload(settings.url(settings.ingestPort()), dataset, size, Map.of(fileName, zip));
    }

    /**
     * POST {ingestUrl}/api/datasets/{dataset}/images?size= with one part per file (a picture or a zip), to any ingest
     * instance; returns the ingest report.
     */
    public JsonNode upload(String ingestUrl, String dataset, int size, Map<String, byte[]> files) {
        HttpPost post = new HttpPost(ingestUrl + "/api/datasets/" + dataset + "/images?size=" + size);
        post.setHeader("Authorization", "Bearer " + token);
        MultipartEntityBuilder parts = MultipartEntityBuilder.create();
        files.forEach((name, bytes) -> parts.addBinaryBody("files", bytes,
                name.endsWith(".zip") ? ContentType.create("application/zip") : ContentType.APPLICATION_OCTET_STREAM, name));
        post.setEntity(parts.build());
        return call(post, 200);
    }

    /** POST /api/runs; returns the run id. */
    public String startRun(Map<String, Object> request) {
        return startRun(settings.url(settings.trainerPort()), request);
    }

    /** POST {trainerUrl}/api/runs to any trainer instance; returns the run id. */
    public String startRun(String trainerUrl, Map<String, Object> request) {
        HttpPost post = new HttpPost(trainerUrl + "/api/runs");
        post.setHeader("Authorization", "Bearer " + token);
        try {
            post.setEntity(new StringEntity(Json.mapper().writeValueAsString(request), ContentType.APPLICATION_JSON));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return call(post, 201).get("runId").asText();
    }

    public JsonNode runs() {
        return get(settings.url(settings.trainerPort()) + "/api/runs");
    }

    public JsonNode run(String runId) {
        return get(settings.url(settings.trainerPort()) + "/api/runs/" + runId);
    }

    /** GET of any JSON resource of any instance, with the token; it must answer 200. */
    public JsonNode get(String url) {
        HttpGet get = new HttpGet(url);
        get.setHeader("Authorization", "Bearer " + token);
        return call(get, 200);
    }

    private JsonNode call(org.apache.hc.core5.http.ClassicHttpRequest request, int expected) {
        try {
            return http.execute(request, response -> {
                String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity());
                if (response.getCode() != expected) {
                    throw new IllegalStateException(request.getMethod() + " " + request.getRequestUri() + " answered "
                            + response.getCode() + ": " + body);
                }
                return Json.mapper().readTree(body);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(request.getMethod() + " " + request.getRequestUri() + " failed", e);
        }
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
