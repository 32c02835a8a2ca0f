package dev.toonforge.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every YAML document of the manifests unmarshalled into fabric8's typed Kubernetes model (as a client would send it
 * to the API server). A document that does not parse, has no metadata.name, or whose apiVersion and kind fabric8 does
 * not know as a built-in type (it would become a {@link GenericKubernetesResource}) is a problem, not an exception. So is
 * a key given twice in one mapping (YAML parsers keep the last one silently, so a second {@code env:} would drop the
 * first).
 */
public final class ManifestParser {

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---[ \\t]*$");
    private static final Pattern ONLY_COMMENTS = Pattern.compile("(?s)\\s*(#[^\\n]*\\n?\\s*)*");

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    public record Result(List<ManifestDocument> documents, List<String> problems) {
    }

    public Result parse(Map<String, String> manifestsByFile) {
        List<ManifestDocument> documents = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        manifestsByFile.forEach((file, text) -> {
            String[] parts = DOCUMENT_SEPARATOR.split(text);
            int number = 0;
            for (String part : parts) {
                if (ONLY_COMMENTS.matcher(part).matches()) {
                    continue;
                }
                number++;
                String source = file + ", document " + number;
                parseOne(source, part, documents, problems);
            }
        });
        return new Result(documents, problems);
    }

    private void parseOne(String source, String yaml, List<ManifestDocument> documents, List<String> problems) {
        try {
            strictYaml().load(yaml);
        } catch (YAMLException e) {
            problems.add(source + ": is not valid YAML: " + e.getMessage().replaceAll("\\s+", " ").trim());
            return;
        }
        Object parsed;
        try {
            parsed = serialization.unmarshal(yaml);
        } catch (RuntimeException e) {
            problems.add(source + ": does not parse as a Kubernetes object: " + rootMessage(e));
            return;
        }
        if (parsed instanceof GenericKubernetesResource generic) {
            problems.add(source + ": apiVersion '" + generic.getApiVersion() + "' kind '" + generic.getKind()
                    + "' is not a built-in Kubernetes type");
            return;
        }
        if (!(parsed instanceof HasMetadata resource)) {
            problems.add(source + ": is not a Kubernetes object with metadata (" + typeName(parsed) + ")");
            return;
        }
        if (resource.getMetadata() == null || resource.getMetadata().getName() == null
                || resource.getMetadata().getName().isBlank()) {
            problems.add(source + ": " + resource.getKind() + " has no metadata.name");
            return;
        }
        documents.add(new ManifestDocument(source, resource));
    }

    private static Yaml strictYaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(options);
    }

    private static String typeName(Object parsed) {
        return parsed == null ? "empty" : parsed.getClass().getSimpleName();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
