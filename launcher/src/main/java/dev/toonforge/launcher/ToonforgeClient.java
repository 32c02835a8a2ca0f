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

/** The few calls the launcher makes to the services' HTTP APIs: upload a zip, list and start runs. */
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
        return upload(settings.url(settings.ingestPort()), dataset, size, fileName, zip, ContentType.create("application/zip"));
    }

    /**
     * POST {ingestUrl}/api/datasets/{dataset}/images?size= with one file part (an image or a zip) to the ingest instance
     * at {@code ingestUrl}; returns the ingest report.
     */
    public JsonNode upload(String ingestUrl, String dataset, int size, String fileName, byte[] content, ContentType type) {
        HttpPost post = new HttpPost(ingestUrl + "/api/datasets/" + dataset + "/images?size=" + size);
        post.setHeader("Authorization", "Bearer " + token);
        post.setEntity(MultipartEntityBuilder.create().addBinaryBody("files", content, type, fileName).build());
        return call(post, 200);
    }

    /** POST /api/runs; returns the run id. */
    public String startRun(Map<String, Object> request) {
        HttpPost post = new HttpPost(settings.url(settings.trainerPort()) + "/api/runs");
        post.setHeader("Authorization", "Bearer " + token);
        try {
            post.setEntity(new StringEntity(Json.mapper().writeValueAsString(request), ContentType.APPLICATION_JSON));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return call(post, 201).get("runId").asText();
    }

    public JsonNode runs() {
        return call(new HttpGet(settings.url(settings.trainerPort()) + "/api/runs"), 200);
    }

    public JsonNode run(String runId) {
        return call(new HttpGet(settings.url(settings.trainerPort()) + "/api/runs/" + runId), 200);
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
