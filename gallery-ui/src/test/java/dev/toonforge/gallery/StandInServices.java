package dev.toonforge.gallery;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stand-ins for the sampler and the ingest service, on one free loopback port (a JDK HttpServer): the sampler's image
 * and grid endpoints answer real PNGs, the ingest upload endpoint records what it got and answers as ingest does.
 * Tests receive the running instance in a field annotated {@link Inject}.
 */
public class StandInServices implements QuarkusTestResourceLifecycleManager {

    private static final Pattern IMAGE = Pattern.compile("/api/samples/([a-z0-9-]+)/image\\.png");
    private static final Pattern GRID = Pattern.compile("/api/samples/([a-z0-9-]+)/grid\\.png");
    private static final Pattern UPLOAD = Pattern.compile("/api/datasets/([a-z0-9-]+)/images");

    private HttpServer server;
    private final StandIns standIns = new StandIns();

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }

    /** What the stand-ins were asked. */
    public static final class StandIns {
        private volatile String url;
        public final ConcurrentLinkedQueue<Upload> uploads = new ConcurrentLinkedQueue<>();
        public final ConcurrentLinkedQueue<String> samplerRequests = new ConcurrentLinkedQueue<>();

        public String url() {
            return url;
        }
    }

    public record Upload(String dataset, String query, String authorization, String contentType, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the stand-in services", e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
        standIns.url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("toonforge.gallery.sampler-url", standIns.url, "toonforge.gallery.ingest-url", standIns.url);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(standIns, new TestInjector.AnnotatedAndMatchesType(Inject.class, StandIns.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String path = uri.getPath();
            Matcher image = IMAGE.matcher(path);
            Matcher grid = GRID.matcher(path);
            Matcher upload = UPLOAD.matcher(path);
            if ("GET".equals(exchange.getRequestMethod()) && image.matches()) {
                standIns.samplerRequests.add(uri.toString());
                long seed = Long.parseLong(query(uri, "seed", "0"));
                int scale = Integer.parseInt(query(uri, "scale", "1"));
                send(exchange, 200, "image/png", TestPictures.png(TestPictures.face(seed, 32 * scale)));
            } else if ("GET".equals(exchange.getRequestMethod()) && grid.matches()) {
                standIns.samplerRequests.add(uri.toString());
                send(exchange, 200, "image/png", TestPictures.grid(4, 4));
            } else if ("POST".equals(exchange.getRequestMethod()) && upload.matches()) {
                byte[] body = exchange.getRequestBody().readAllBytes();
                standIns.uploads.add(new Upload(upload.group(1), uri.getQuery(),
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body));
                if (!"Bearer right-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    send(exchange, 401, "application/json",
                            "{\"error\":\"A valid bearer token is required.\"}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                String answer = "{\"dataset\":\"" + upload.group(1) + "\",\"accepted\":[{\"name\":\"homer.png\",\"key\":\"k\","
                        + "\"sha256\":\"" + "ab".repeat(32) + "\"}],\"duplicates\":[{\"name\":\"homer-again.png\",\"sha256\":\""
                        + "ab".repeat(32) + "\"}],\"rejected\":[{\"name\":\"notes.txt\",\"reason\":\"'notes.txt' is not an image\"}],"
                        + "\"imageCount\":7}";
                send(exchange, 200, "application/json", answer.getBytes(StandardCharsets.UTF_8));
            } else {
                send(exchange, 404, "application/json", "{\"error\":\"no such stand-in endpoint\"}".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static String query(URI uri, String name, String fallback) {
        if (uri.getQuery() == null) {
            return fallback;
        }
        for (String pair : uri.getQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name) && kv.length == 2) {
                return kv[1];
            }
        }
        return fallback;
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
