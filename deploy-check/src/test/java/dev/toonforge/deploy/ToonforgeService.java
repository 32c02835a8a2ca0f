package dev.toonforge.deploy;

import java.util.Set;

/**
 * The four services as the Kubernetes manifests must run them: name (Deployment, Service, container and compose service
 * alike), HTTP port, replicas, whether it needs a GPU, and the environment variables it must receive.
 */
public enum ToonforgeService {

    INGEST("ingest-service", 8081, 2, false, Set.of("TOONFORGE_API_TOKEN")),
    TRAINER("trainer-service", 8082, 1, true, Set.of("TOONFORGE_API_TOKEN")),
    SAMPLER("sampler-service", 8083, 2, false, Set.of()),
    GALLERY("gallery-ui", 8080, 2, false,
            Set.of("TOONFORGE_GALLERY_SAMPLER_URL", "TOONFORGE_GALLERY_SAMPLER_API_URL", "TOONFORGE_GALLERY_INGEST_URL"));

    /** What every service reads: where Kafka and S3 are, and the S3 credentials. */
    public static final Set<String> SHARED_ENVIRONMENT = Set.of("KAFKA_BOOTSTRAP_SERVERS", "TOONFORGE_S3_ENDPOINT",
            "TOONFORGE_S3_ACCESS_KEY", "TOONFORGE_S3_SECRET_KEY", "TOONFORGE_S3_BUCKET");

    private final String serviceName;
    private final int port;
    private final int replicas;
    private final boolean gpu;
    private final Set<String> ownEnvironment;

    ToonforgeService(String serviceName, int port, int replicas, boolean gpu, Set<String> ownEnvironment) {
        this.serviceName = serviceName;
        this.port = port;
        this.replicas = replicas;
        this.gpu = gpu;
        this.ownEnvironment = ownEnvironment;
    }

    public String serviceName() {
        return serviceName;
    }

    public int port() {
        return port;
    }

    public int replicas() {
        return replicas;
    }

    public boolean gpu() {
        return gpu;
    }

    /** Variables this service must get beyond {@link #SHARED_ENVIRONMENT}. */
    public Set<String> ownEnvironment() {
        return ownEnvironment;
    }

    /**
     * Variables compose gives this service that Kubernetes deliberately does not: the gallery checks no token
     * ({@code toonforge.api-token.required=false}), so its pods do not get the API token.
     */
    public Set<String> notFromCompose() {
        return this == GALLERY ? Set.of("TOONFORGE_API_TOKEN") : Set.of();
    }
}
