package dev.toonforge.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The manifests against the rest of the repository: each Deployment runs the image docker-compose builds for the
 * service, gets every variable compose gives it, kustomization.yaml lists every manifest file and can retarget every
 * image; and compose can scale the services (no fixed host port, no fixed container name on them).
 */
public final class ComposeChecks {

    private ComposeChecks() {
    }

    public static List<String> check(CheckContext context) {
        List<String> problems = new ArrayList<>();
        Manifests manifests = context.manifests();
        Set<String> deploymentImages = new TreeSet<>();
        for (ToonforgeService service : ToonforgeService.values()) {
            String name = service.serviceName();
            Map<String, Object> composeService = context.composeService(name);
            if (composeService.isEmpty()) {
                problems.add("docker-compose.yml: no service " + name);
                continue;
            }
            if (composeService.containsKey("ports")) {
                problems.add("docker-compose.yml: " + name + " publishes fixed host ports " + composeService.get("ports")
                        + "; a scaled service cannot (the gateway publishes them)");
            }
            if (composeService.containsKey("container_name")) {
                problems.add("docker-compose.yml: " + name + " has a container_name; a scaled service cannot");
            }
            Optional<Container> container = manifests.named(Deployment.class, name)
                    .filter(d -> d.getSpec() != null && d.getSpec().getTemplate() != null
                            && d.getSpec().getTemplate().getSpec() != null)
                    .flatMap(d -> d.getSpec().getTemplate().getSpec().getContainers().stream()
                            .filter(c -> name.equals(c.getName())).findFirst());
            if (container.isEmpty()) {
                continue;
            }
            String composeImage = context.composeImage(name);
            String image = container.get().getImage();
            deploymentImages.add(repository(image));
            if (composeImage == null) {
                problems.add("docker-compose.yml: " + name + " has no image name (the manifests need one to pull)");
            } else if (!repository(composeImage).equals(repository(image))) {
                problems.add("Deployment " + name + ": image " + image + " is not the image docker-compose builds, "
                        + composeImage);
            }
            Set<String> missing = new TreeSet<>(context.composeEnvironment(name));
            missing.removeAll(service.notFromCompose());
            missing.removeAll(ReferenceChecks.environmentNames(manifests, container.get()));
            if (!missing.isEmpty()) {
                problems.add("Deployment " + name + ": gets no " + missing + ", which docker-compose.yml gives it");
            }
        }
        checkKustomization(context, deploymentImages, problems);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static void checkKustomization(CheckContext context, Set<String> deploymentImages, List<String> problems) {
        Object resources = context.kustomization().get("resources");
        Set<String> listed = new TreeSet<>();
        if (resources instanceof List<?> list) {
            list.forEach(r -> listed.add(r.toString()));
        }
        Set<String> files = context.files().manifests().keySet();
        Set<String> unlisted = new TreeSet<>(files);
        unlisted.removeAll(listed);
        Set<String> absent = new TreeSet<>(listed);
        absent.removeAll(files);
        if (!unlisted.isEmpty()) {
            problems.add(DeploymentFiles.KUSTOMIZATION + ": does not list " + unlisted + " under resources");
        }
        if (!absent.isEmpty()) {
            problems.add(DeploymentFiles.KUSTOMIZATION + ": lists " + absent + ", which are not in "
                    + DeploymentFiles.KUBERNETES_DIR);
        }
        Set<String> retargetable = new TreeSet<>();
        Object images = context.kustomization().get("images");
        if (images instanceof List<?> list) {
            for (Object entry : list) {
                if (entry instanceof Map<?, ?> image && image.get("name") != null) {
                    String name = image.get("name").toString();
                    retargetable.add(name);
                    if (!deploymentImages.contains(name)) {
                        problems.add(DeploymentFiles.KUSTOMIZATION + ": images entry " + name
                                + " matches no Deployment's image " + deploymentImages);
                    }
                }
            }
        }
        Set<String> fixed = new TreeSet<>(deploymentImages);
        fixed.removeAll(retargetable);
        if (!fixed.isEmpty()) {
            problems.add(DeploymentFiles.KUSTOMIZATION + ": no images entry for " + fixed
                    + " (users point those at their registry there)");
        }
    }

    /** registry/name:tag or name@digest without the tag or digest. */
    static String repository(String image) {
        if (image == null) {
            return "";
        }
        String withoutDigest = image.split("@", 2)[0];
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
    }
}
