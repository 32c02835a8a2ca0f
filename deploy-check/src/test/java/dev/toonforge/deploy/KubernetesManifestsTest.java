package dev.toonforge.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * deploy/kubernetes as committed passes every check of {@link DeploymentValidator}, and each kind of mistake a user
 * could make in it (built here by changing a copy of the real files) is reported with a message naming it.
 */
class KubernetesManifestsTest {

    private static DeploymentFiles files;

    @BeforeAll
    static void readFiles() {
        files = DeploymentFiles.read(DeploymentFiles.repositoryRoot());
    }

    @Test
    void theManifestsPassEveryCheck() {
        assertThat(DeploymentValidator.problems(files)).isEmpty();
    }

    @Test
    void everyDocumentParsesIntoTheTypedModel() {
        ManifestParser.Result parsed = new ManifestParser().parse(files.manifests());

        assertThat(parsed.problems()).isEmpty();
        Map<String, Long> kinds = parsed.documents().stream().map(ManifestDocument::resource)
                .collect(Collectors.groupingBy(r -> r.getClass().getSimpleName(), TreeMap::new, Collectors.counting()));
        assertThat(kinds).containsExactlyInAnyOrderEntriesOf(Map.of(
                Namespace.class.getSimpleName(), 1L,
                ConfigMap.class.getSimpleName(), 2L,
                Secret.class.getSimpleName(), 1L,
                Deployment.class.getSimpleName(), 4L,
                Service.class.getSimpleName(), 4L,
                PodDisruptionBudget.class.getSimpleName(), 3L,
                Ingress.class.getSimpleName(), 1L));
        Manifests manifests = new Manifests(parsed.documents());
        assertThat(manifests.deployments()).extracting(d -> d.getMetadata().getName(), d -> d.getSpec().getReplicas())
                .containsExactlyInAnyOrder(
                        tuple("ingest-service", 2),
                        tuple("trainer-service", 1),
                        tuple("sampler-service", 2),
                        tuple("gallery-ui", 2));
        Deployment trainer = manifests.named(Deployment.class, "trainer-service").orElseThrow();
        assertThat(trainer.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits())
                .containsKey(WorkloadChecks.GPU);
        assertThat(parsed.documents()).extracting(ManifestDocument::resource)
                .allSatisfy(r -> assertThat(UnknownFields.in((HasMetadata) r)).isEmpty());
    }

    static Stream<Arguments> brokenManifests() {
        return Stream.of(
                broken("a misspelled field (readinesProbe)",
                        f -> f.replacing("ingest-service.yaml", "          readinessProbe:", "          readinesProbe:"),
                        "unknown field spec.template.spec.containers[0].readinesProbe"),
                broken("a field one level too deep (spec.replica)",
                        f -> f.replacing("ingest-service.yaml", "  replicas: 2", "  replica: 2"),
                        "unknown field spec.replica"),
                broken("a key given twice (the second env would replace the first)",
                        f -> f.replacing("sampler-service.yaml", "          resources:\n",
                                "          env:\n            - name: EXTRA\n              value: x\n          resources:\n"),
                        "found duplicate key env"),
                broken("a value of the wrong type",
                        f -> f.replacing("sampler-service.yaml", "  replicas: 2", "  replicas: two"),
                        "sampler-service.yaml, document 1: does not parse as a Kubernetes object"),
                broken("an apiVersion Kubernetes does not have",
                        f -> f.replacing("gallery-ui.yaml", "apiVersion: apps/v1", "apiVersion: apps/v2"),
                        "apiVersion 'apps/v2' kind 'Deployment' is not a built-in Kubernetes type"),
                broken("a selector that does not select the pod template",
                        f -> f.replacing("sampler-service.yaml",
                                "      labels:\n        app.kubernetes.io/name: sampler-service",
                                "      labels:\n        app.kubernetes.io/name: sampler"),
                        "Deployment sampler-service (sampler-service.yaml, document 1): spec.selector"),
                broken("a Service targeting a port the container does not declare",
                        f -> f.replacing("ingest-service.yaml", "      targetPort: http", "      targetPort: web"),
                        "targets 'web', which no container of Deployment ingest-service declares"),
                broken("a probe off Quarkus' health endpoints",
                        f -> f.replacing("gallery-ui.yaml", "path: /q/health/ready", "path: /health"),
                        "readinessProbe path /health, expected /q/health/ready"),
                broken("a secretKeyRef to a key the Secret does not hold",
                        f -> f.replacing("sampler-service.yaml", "key: TOONFORGE_API_TOKEN", "key: API_TOKEN"),
                        "refers to key API_TOKEN of Secret toonforge-credentials"),
                broken("an envFrom ConfigMap that does not exist",
                        f -> f.replacing("gallery-ui.yaml", "name: gallery-ui-config", "name: gallery-config"),
                        "envFrom ConfigMap gallery-config is not in the manifests"),
                broken("a ConfigMap without a variable the services need",
                        f -> f.replacing("config.yaml", "  TOONFORGE_S3_BUCKET: toonforge\n", ""),
                        "gets no [TOONFORGE_S3_BUCKET]"),
                broken("a trainer without a GPU",
                        f -> f.replacing("trainer-service.yaml", "              nvidia.com/gpu: 1\n", ""),
                        "must have resources.limits nvidia.com/gpu: 1"),
                broken("a GPU for a service that does not train",
                        f -> f.replacing("sampler-service.yaml", "              memory: 4Gi\n",
                                "              memory: 4Gi\n              nvidia.com/gpu: 1\n"),
                        "asks for nvidia.com/gpu but only the trainer trains on a GPU"),
                broken("a memory request above its limit",
                        f -> f.replacing("gallery-ui.yaml", "              memory: 512Mi", "              memory: 2Gi"),
                        "memory request 2Gi is above its limit 1Gi"),
                broken("JVM memory that does not fit the pod",
                        f -> f.replacing("trainer-service.yaml", "maxphysicalbytes=14g", "maxphysicalbytes=16g"),
                        "JAVA_OPTS -Dorg.bytedeco.javacpp.maxphysicalbytes=16g is not below the memory limit 16Gi"),
                broken("an image docker-compose does not build",
                        f -> f.replacing("ingest-service.yaml", "image: toonforge/ingest-service:latest",
                                "image: toonforge/ingest:latest"),
                        "image toonforge/ingest:latest is not the image docker-compose builds"),
                broken("an Ingress backend that is not a Service",
                        f -> f.replacing("ingress.yaml", "name: sampler-service", "name: sampler"),
                        "backend Service sampler is not in the manifests"),
                broken("a service URL on a port its Service does not have",
                        f -> f.replacing("config.yaml", "http://sampler-service:8083", "http://sampler-service:8080"),
                        "port 8080 is not a port of Service sampler-service"),
                broken("a PodDisruptionBudget that blocks every eviction",
                        f -> f.replacing("gallery-ui.yaml", "  minAvailable: 1", "  minAvailable: 2"),
                        "minAvailable 2 with 2 replicas lets no pod be evicted"),
                broken("an API token the services refuse",
                        f -> f.replacing("secret.yaml", "change-me-to-a-long-random-token", "short"),
                        "TOONFORGE_API_TOKEN has 5 characters"),
                broken("two objects of the same kind and name",
                        f -> f.adding("extra.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: toonforge-credentials\n"),
                        "Secret toonforge-credentials (secret.yaml, document 1): a second Secret of that name"),
                broken("a kind Toonforge does not deploy",
                        f -> f.adding("extra.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: debug\n"),
                        "Pod debug (extra.yaml, document 1): a io.fabric8.kubernetes.api.model.Pod, not one of the kinds"),
                broken("a manifest kustomization.yaml does not apply",
                        f -> f.adding("extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n"),
                        "kustomization.yaml: does not list [extra.yaml]"),
                broken("a browser-facing sampler URL the Ingress does not route to the sampler",
                        f -> f.replacing("ingress.yaml", "          - path: /api/samples", "          - path: /api/sampler"),
                        "TOONFORGE_GALLERY_SAMPLER_URL http://toonforge.example.com: no Ingress routes"),
                broken("a gateway server forwarding to the wrong service",
                        f -> f.withGateway("set $trainer http://trainer-service:8082", "set $trainer http://sampler-service:8083"),
                        "deploy/compose/gateway.conf: no server forwards to trainer-service:8082"),
                broken("a gateway port compose does not publish",
                        f -> f.withCompose("      - \"8083:8083\"\n", ""),
                        "the gateway does not publish its port 8083 (sampler-service)"),
                broken("a compose sampler URL the browser cannot reach through the gateway",
                        f -> f.withCompose("TOONFORGE_GALLERY_SAMPLER_URL: http://localhost:8083",
                                "TOONFORGE_GALLERY_SAMPLER_URL: http://localhost:8084"),
                        "TOONFORGE_GALLERY_SAMPLER_URL http://localhost:8084 is not a gateway port that forwards to sampler-service:8083"),
                broken("a compose service that cannot scale (fixed host port)",
                        f -> f.withCompose("    image: ${TOONFORGE_IMAGE_PREFIX:-toonforge}/sampler-service",
                                "    ports:\n      - \"8083:8083\"\n    image: ${TOONFORGE_IMAGE_PREFIX:-toonforge}/sampler-service"),
                        "docker-compose.yml: sampler-service publishes fixed host ports"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenManifests")
    void aBrokenManifestIsReported(UnaryOperator<DeploymentFiles> breakIt, String expectedProblem) {
        assertThat(DeploymentValidator.problems(breakIt.apply(files)))
                .anySatisfy(problem -> assertThat(problem).contains(expectedProblem));
    }

    private static Arguments broken(String what, UnaryOperator<DeploymentFiles> breakIt, String expectedProblem) {
        return arguments(Named.of(what, breakIt), expectedProblem);
    }
}
