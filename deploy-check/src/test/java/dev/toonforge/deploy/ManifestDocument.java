package dev.toonforge.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** One parsed YAML document of a manifest file, with where it came from (for messages). */
public record ManifestDocument(String source, HasMetadata resource) {

    /** "Deployment ingest-service (ingest-service.yaml, document 1)". */
    public String describe() {
        return resource.getKind() + " " + resource.getMetadata().getName() + " (" + source + ")";
    }
}
