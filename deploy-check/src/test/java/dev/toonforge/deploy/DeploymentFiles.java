package dev.toonforge.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The deployment files as text: every manifest under {@code deploy/kubernetes/} (by file name), its
 * {@code kustomization.yaml}, {@code docker-compose.yml}, the compose gateway's nginx configuration and each service's
 * Dockerfile. Tests change a copy of them
 * ({@link #replacing}) to check that the validator notices a broken one.
 */
public record DeploymentFiles(Map<String, String> manifests, String kustomization, String compose,
                              String gateway, Map<String, String> dockerfiles) {

    public static final String KUBERNETES_DIR = "deploy/kubernetes";
    public static final String KUSTOMIZATION = "kustomization.yaml";
    public static final String GATEWAY = "deploy/compose/gateway.conf";

    /** The repository root as the build passes it ({@code toonforge.repository.root}, set in deploy-check's pom). */
    public static Path repositoryRoot() {
        String root = System.getProperty("toonforge.repository.root");
        if (root == null) {
            throw new IllegalStateException("system property toonforge.repository.root is not set (run through Maven)");
        }
        return Path.of(root).toAbsolutePath().normalize();
    }

    public static DeploymentFiles read(Path root) {
        Map<String, String> manifests = new TreeMap<>();
        try (Stream<Path> files = Files.list(root.resolve(KUBERNETES_DIR))) {
            files.filter(f -> f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml"))
                    .filter(f -> !f.getFileName().toString().equals(KUSTOMIZATION))
                    .forEach(f -> manifests.put(f.getFileName().toString(), text(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> dockerfiles = new TreeMap<>();
        for (ToonforgeService service : ToonforgeService.values()) {
            dockerfiles.put(service.serviceName(), text(root.resolve(service.serviceName()).resolve("Dockerfile")));
        }
        return new DeploymentFiles(manifests, text(root.resolve(KUBERNETES_DIR).resolve(KUSTOMIZATION)),
                text(root.resolve("docker-compose.yml")), text(root.resolve(GATEWAY)), dockerfiles);
    }

    /** A copy with {@code target} replaced by {@code replacement} in one manifest; fails when the text is not there. */
    public DeploymentFiles replacing(String file, String target, String replacement) {
        String text = manifests.get(file);
        if (text == null || !text.contains(target)) {
            throw new IllegalArgumentException(file + " does not contain '" + target + "'");
        }
        Map<String, String> changed = new TreeMap<>(manifests);
        changed.put(file, text.replace(target, replacement));
        return new DeploymentFiles(changed, kustomization, compose, gateway, dockerfiles);
    }

    /** A copy with one more manifest file (not listed in kustomization.yaml unless the caller changes that too). */
    public DeploymentFiles adding(String file, String text) {
        Map<String, String> changed = new TreeMap<>(manifests);
        changed.put(file, text);
        return new DeploymentFiles(changed, kustomization, compose, gateway, dockerfiles);
    }

    public DeploymentFiles withCompose(String target, String replacement) {
        if (!compose.contains(target)) {
            throw new IllegalArgumentException("docker-compose.yml does not contain '" + target + "'");
        }
        return new DeploymentFiles(manifests, kustomization, compose.replace(target, replacement), gateway, dockerfiles);
    }

    public DeploymentFiles withKustomization(String target, String replacement) {
        if (!kustomization.contains(target)) {
            throw new IllegalArgumentException(KUSTOMIZATION + " does not contain '" + target + "'");
        }
        return new DeploymentFiles(manifests, kustomization.replace(target, replacement), compose, gateway, dockerfiles);
    }

    public DeploymentFiles withGateway(String target, String replacement) {
        if (!gateway.contains(target)) {
            throw new IllegalArgumentException(GATEWAY + " does not contain '" + target + "'");
        }
        return new DeploymentFiles(manifests, kustomization, compose, gateway.replace(target, replacement), dockerfiles);
    }

    private static String text(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
