package dev.toonforge.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The parsed manifests, by type, each with the file and document it came from. */
public final class Manifests {

    private final List<ManifestDocument> documents;
    private final Map<HasMetadata, ManifestDocument> byResource = new IdentityHashMap<>();

    public Manifests(List<ManifestDocument> documents) {
        this.documents = List.copyOf(documents);
        documents.forEach(d -> byResource.put(d.resource(), d));
    }

    public List<ManifestDocument> documents() {
        return documents;
    }

    public <T extends HasMetadata> List<T> all(Class<T> type) {
        return documents.stream().map(ManifestDocument::resource).filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(r -> name.equals(r.getMetadata().getName())).findFirst();
    }

    public List<Deployment> deployments() {
        return all(Deployment.class);
    }

    public List<Service> services() {
        return all(Service.class);
    }

    public List<ConfigMap> configMaps() {
        return all(ConfigMap.class);
    }

    public List<Secret> secrets() {
        return all(Secret.class);
    }

    public List<Ingress> ingresses() {
        return all(Ingress.class);
    }

    public List<PodDisruptionBudget> disruptionBudgets() {
        return all(PodDisruptionBudget.class);
    }

    /** The keys a ConfigMap holds (data and binaryData), or empty when there is no such ConfigMap. */
    public Optional<Set<String>> configMapKeys(String name) {
        return named(ConfigMap.class, name).map(map -> {
            Set<String> keys = new HashSet<>();
            if (map.getData() != null) {
                keys.addAll(map.getData().keySet());
            }
            if (map.getBinaryData() != null) {
                keys.addAll(map.getBinaryData().keySet());
            }
            return keys;
        });
    }

    /** The keys a Secret holds (data and stringData), or empty when there is no such Secret. */
    public Optional<Set<String>> secretKeys(String name) {
        return named(Secret.class, name).map(secret -> {
            Set<String> keys = new HashSet<>();
            if (secret.getData() != null) {
                keys.addAll(secret.getData().keySet());
            }
            if (secret.getStringData() != null) {
                keys.addAll(secret.getStringData().keySet());
            }
            return keys;
        });
    }

    /** "Deployment ingest-service (ingest-service.yaml, document 1)". */
    public String describe(HasMetadata resource) {
        ManifestDocument document = byResource.get(resource);
        return document == null ? resource.getKind() + " " + resource.getMetadata().getName() : document.describe();
    }
}
