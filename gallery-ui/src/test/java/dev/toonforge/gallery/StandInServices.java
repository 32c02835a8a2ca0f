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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final Pattern MODEL = Pattern.compile("/api/models/([a-z0-9-]+)(/rollback)?");
    private static final Pattern PIN = Pattern.compile("\\{\\s*\"runId\"\\s*:\\s*\"([a-z0-9-]+)\"\\s*,\\s*\"epoch\"\\s*:\\s*(\\d+)\\s*}");
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
        /** Every request to the sampler's models endpoints, as it arrived. */
        public final ConcurrentLinkedQueue<ModelRequest> modelRequests = new ConcurrentLinkedQueue<>();
        /** The newest checkpoint per dataset, "runId@epoch", what a dataset serves unless pinned. */
        public final Map<String, String> newest = new ConcurrentHashMap<>();
        /** Epochs whose checkpoint zip is "not stored": pinning one is refused with 404, as the sampler does. */
        public final Set<Integer> missingCheckpoints = ConcurrentHashMap.newKeySet();
        /** While set, the models endpoints answer only after this long (a sampler that does not answer in time). */
        public volatile Duration modelDelay = Duration.ZERO;
        /** Per dataset: the pinned "runId@epoch" or null for newest, first the current one, then the previous ones. */
        private final Map<String, Deque<Optional<String>>> choices = new ConcurrentHashMap<>();
        private final Map<String, Long> revisions = new ConcurrentHashMap<>();

        /** The pinned "runId@epoch" of a dataset, or empty when it serves its newest. */
        public synchronized Optional<String> pinned(String dataset) {
            Deque<Optional<String>> stack = choices.get(dataset);
            return stack == null || stack.isEmpty() ? Optional.empty() : stack.peekFirst();
        }

        /** What an image request naming no run or epoch gets: the pinned model, else the newest. */
        public String servedModel(String dataset) {
            return pinned(dataset).orElse(newest.getOrDefault(dataset, "none@0"));
        }

        public String url() {
            return url;
        }
    }

    public record ModelRequest(String method, String path, String authorization, String contentType, String body) {
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
        // The sampler is given up on after 3 s, so a test can see the 502 of a sampler that does not answer in time.
        return Map.of("toonforge.gallery.sampler-url", standIns.url, "toonforge.gallery.ingest-url", standIns.url,
                "toonforge.gallery.sampler-timeout", "PT3S");
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
            Matcher model = MODEL.matcher(path);
            if ("GET".equals(exchange.getRequestMethod()) && image.matches()) {
                standIns.samplerRequests.add(uri.toString());
                long seed = Long.parseLong(query(uri, "seed", "0"));
                int scale = Integer.parseInt(query(uri, "scale", "1"));
                // Each served model draws other faces for the same seed, so a change of model shows on the page.
                String served = standIns.servedModel(image.group(1));
                exchange.getResponseHeaders().set("X-Toonforge-Checkpoint", served);
                send(exchange, 200, "image/png", TestPictures.png(TestPictures.face(seed + 1000L * served.hashCode(), 32 * scale)));
            } else if (model.matches()) {
                models(exchange, model.group(1), model.group(2) != null);
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

    /** GET, PUT (pin), DELETE (unpin) and POST .../rollback as the sampler answers them, with its token check. */
    private void models(HttpExchange exchange, String dataset, boolean rollback) throws IOException {
        String method = exchange.getRequestMethod();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        standIns.modelRequests.add(new ModelRequest(method, exchange.getRequestURI().getPath(), authorization,
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        if (!standIns.modelDelay.isZero()) {
            try {
                Thread.sleep(standIns.modelDelay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        boolean write = !"GET".equals(method);
        if (write && !"Bearer right-token".equals(authorization)) {
            json(exchange, 401, "{\"error\":\"A valid bearer token is required (Authorization: Bearer <token>).\"}");
            return;
        }
        synchronized (standIns) {
            Deque<Optional<String>> stack = standIns.choices.computeIfAbsent(dataset, d -> new ArrayDeque<>());
            if (stack.isEmpty()) {
                stack.push(Optional.empty());
            }
            if ("PUT".equals(method) && !rollback) {
                Matcher pin = PIN.matcher(body.trim());
                if (!pin.matches()) {
                    json(exchange, 400, "{\"error\":\"Send a JSON object {\\\"runId\\\": \\\"<run id>\\\", \\\"epoch\\\": <N>}.\"}");
                    return;
                }
                int epoch = Integer.parseInt(pin.group(2));
                if (standIns.missingCheckpoints.contains(epoch)) {
                    json(exchange, 404, "{\"error\":\"Run '" + pin.group(1) + "' has no stored checkpoint for epoch " + epoch
                            + "; stored epochs: 2, 3, 4.\"}");
                    return;
                }
                change(dataset, stack, Optional.of(pin.group(1) + "@" + epoch));
            } else if ("DELETE".equals(method) && !rollback) {
                change(dataset, stack, Optional.empty());
            } else if ("POST".equals(method) && rollback) {
                if (stack.size() < 2) {
                    json(exchange, 409, "{\"error\":\"'" + dataset + "' has nothing to roll back to.\"}");
                    return;
                }
                stack.pop();
                standIns.revisions.merge(dataset, 1L, Long::sum);
            } else if (!"GET".equals(method) || rollback) {
                json(exchange, 405, "{\"error\":\"method not allowed\"}");
                return;
            }
            json(exchange, 200, servedView(dataset, stack));
        }
    }

    private void change(String dataset, Deque<Optional<String>> stack, Optional<String> next) {
        if (!stack.peekFirst().equals(next)) {
            stack.push(next);
            standIns.revisions.merge(dataset, 1L, Long::sum);
        }
    }

    private String servedView(String dataset, Deque<Optional<String>> stack) {
        Optional<String> pinned = stack.peekFirst();
        String served = pinned.orElse(standIns.newest.get(dataset));
        String runId = served == null ? null : served.substring(0, served.indexOf('@'));
        String epoch = served == null ? null : served.substring(served.indexOf('@') + 1);
        StringBuilder previous = new StringBuilder();
        stack.stream().skip(1).forEach(choice -> previous.append(previous.length() == 0 ? "" : ",").append(choice(choice)));
        return "{\"dataset\":\"" + dataset + "\",\"servedAs\":\"" + (pinned.isPresent() ? "pinned" : "newest") + "\","
                + "\"runId\":" + (runId == null ? "null" : "\"" + runId + "\"") + ",\"epoch\":" + epoch + ","
                + "\"revision\":" + standIns.revisions.getOrDefault(dataset, 0L) + ",\"applied\":true,"
                + "\"choice\":" + choice(pinned) + ",\"previous\":[" + previous + "]}";
    }

    private static String choice(Optional<String> choice) {
        return choice.map(c -> "{\"mode\":\"pinned\",\"runId\":\"" + c.substring(0, c.indexOf('@')) + "\",\"epoch\":"
                + c.substring(c.indexOf('@') + 1) + "}").orElse("{\"mode\":\"newest\",\"runId\":null,\"epoch\":null}");
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
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
