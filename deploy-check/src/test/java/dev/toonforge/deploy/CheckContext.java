package dev.toonforge.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the checks look at: the parsed manifests, and docker-compose.yml and kustomization.yaml as plain YAML. */
public record CheckContext(DeploymentFiles files, Manifests manifests, Map<String, Object> compose,
                           Map<String, Object> kustomization) {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*)|:?\\?[^}]*)?}");

    public static CheckContext of(DeploymentFiles files, Manifests manifests) {
        return new CheckContext(files, manifests, yaml(files.compose()), yaml(files.kustomization()));
    }

    /** A compose service's definition, or an empty map when compose has no such service. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> composeService(String name) {
        Map<String, Object> services = (Map<String, Object>) compose.getOrDefault("services", Map.of());
        Object service = services.get(name);
        return service instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    /** The compose image of a service with every {@code ${VAR:-default}} replaced by its default, or null. */
    public String composeImage(String service) {
        Object image = composeService(service).get("image");
        return image == null ? null : withDefaults(image.toString());
    }

    /** The names of the environment variables compose gives a service (a map or a list of NAME=value). */
    public List<String> composeEnvironment(String service) {
        Object environment = composeService(service).get("environment");
        if (environment instanceof Map<?, ?> map) {
            return map.keySet().stream().map(Object::toString).toList();
        }
        if (environment instanceof List<?> list) {
            return list.stream().map(Object::toString).map(entry -> entry.split("=", 2)[0]).toList();
        }
        return List.of();
    }

    /** {@code ${VAR:-default}} and {@code ${VAR-default}} become the default; {@code ${VAR:?message}} and {@code ${VAR}} become VAR. */
    static String withDefaults(String value) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
            String replacement = matcher.group(2) != null ? matcher.group(3) : matcher.group(1);
            matcher.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(resolved);
        return resolved.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String text) {
        Object loaded = new Yaml(new LoaderOptions()).load(text);
        return loaded instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
