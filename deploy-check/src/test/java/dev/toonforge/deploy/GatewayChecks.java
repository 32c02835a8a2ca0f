package dev.toonforge.deploy;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The docker-compose path a browser and a user's curl take: the gateway (deploy/compose/gateway.conf) has one server per
 * service that forwards to the service's compose name and port only, compose publishes each of those ports, the
 * gallery's browser-facing sampler URL is the gateway's sampler port, and the gallery's own service URLs name compose
 * services on their ports.
 */
public final class GatewayChecks {

    private static final Pattern LISTEN = Pattern.compile("listen\\s+(\\d+)\\s*;");
    private static final Pattern TARGET = Pattern.compile("http://([a-z0-9-]+):(\\d+)");
    private static final String GATEWAY_SERVICE = "gateway";

    private GatewayChecks() {
    }

    public static List<String> check(CheckContext context) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Set<String>> servers = servers(context.files().gateway());
        Map<Integer, Integer> published = publishedPorts(context.composeService(GATEWAY_SERVICE).get("ports"));
        String gateway = DeploymentFiles.GATEWAY;
        for (ToonforgeService service : ToonforgeService.values()) {
            String target = service.serviceName() + ":" + service.port();
            List<Integer> listening = servers.entrySet().stream().filter(e -> e.getValue().contains(target))
                    .map(Map.Entry::getKey).toList();
            if (listening.isEmpty()) {
                problems.add(gateway + ": no server forwards to " + target);
                continue;
            }
            for (int port : listening) {
                if (!servers.get(port).equals(Set.of(target))) {
                    problems.add(gateway + ": the server on " + port + " forwards to " + servers.get(port)
                            + ", expected only " + target);
                }
                if (!published.containsValue(port)) {
                    problems.add("docker-compose.yml: the gateway does not publish its port " + port + " ("
                            + service.serviceName() + ")");
                }
            }
        }
        checkGalleryUrls(context, servers, published, problems);
        return problems;
    }

    private static void checkGalleryUrls(CheckContext context, Map<Integer, Set<String>> servers,
                                         Map<Integer, Integer> published, List<String> problems) {
        Map<String, String> environment = composeEnvironmentValues(context, ToonforgeService.GALLERY.serviceName());
        String browserUrl = environment.get("TOONFORGE_GALLERY_SAMPLER_URL");
        String sampler = ToonforgeService.SAMPLER.serviceName() + ":" + ToonforgeService.SAMPLER.port();
        if (browserUrl == null) {
            problems.add("docker-compose.yml: gallery-ui has no TOONFORGE_GALLERY_SAMPLER_URL (the browser's sampler)");
        } else {
            URI uri = URI.create(browserUrl);
            Integer containerPort = published.get(uri.getPort());
            if (containerPort == null || !servers.getOrDefault(containerPort, Set.of()).contains(sampler)) {
                problems.add("docker-compose.yml: gallery-ui's TOONFORGE_GALLERY_SAMPLER_URL " + browserUrl
                        + " is not a gateway port that forwards to " + sampler);
            }
        }
        for (String key : List.of("TOONFORGE_GALLERY_SAMPLER_API_URL", "TOONFORGE_GALLERY_INGEST_URL")) {
            String value = environment.get(key);
            Matcher url = value == null ? null : TARGET.matcher(value);
            if (url == null || !url.find()) {
                problems.add("docker-compose.yml: gallery-ui's " + key + " is not an http://service:port URL (" + value + ")");
                continue;
            }
            boolean known = Arrays.stream(ToonforgeService.values()).anyMatch(s ->
                    s.serviceName().equals(url.group(1)) && s.port() == Integer.parseInt(url.group(2)));
            if (!known) {
                problems.add("docker-compose.yml: gallery-ui's " + key + " " + value
                        + " is not a Toonforge service on its port");
            }
        }
    }

    /** Each server block's listen port and the service:port targets its proxy_pass variables name. */
    static Map<Integer, Set<String>> servers(String config) {
        Map<Integer, Set<String>> servers = new LinkedHashMap<>();
        Matcher start = Pattern.compile("(?m)^\\s*server\\s*\\{").matcher(config);
        while (start.find()) {
            int depth = 1;
            int i = start.end();
            while (i < config.length() && depth > 0) {
                char c = config.charAt(i++);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            }
            String block = config.substring(start.end(), i);
            Set<String> targets = new TreeSet<>();
            Matcher target = TARGET.matcher(block);
            while (target.find()) {
                targets.add(target.group(1) + ":" + target.group(2));
            }
            Matcher listen = LISTEN.matcher(block);
            while (listen.find()) {
                servers.put(Integer.parseInt(listen.group(1)), targets);
            }
        }
        return servers;
    }

    /** "8080:8080" and "127.0.0.1:8080:8080" entries as host port to container port. */
    private static Map<Integer, Integer> publishedPorts(Object ports) {
        Map<Integer, Integer> published = new LinkedHashMap<>();
        if (ports instanceof List<?> list) {
            for (Object entry : list) {
                String[] parts = entry.toString().split(":");
                if (parts.length >= 2) {
                    published.put(Integer.parseInt(parts[parts.length - 2]),
                            Integer.parseInt(parts[parts.length - 1].split("/")[0]));
                }
            }
        }
        return published;
    }

    private static Map<String, String> composeEnvironmentValues(CheckContext context, String service) {
        Map<String, String> values = new LinkedHashMap<>();
        if (context.composeService(service).get("environment") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> values.put(k.toString(), v == null ? null : v.toString()));
        }
        return values;
    }
}
