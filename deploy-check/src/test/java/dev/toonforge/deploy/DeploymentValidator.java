package dev.toonforge.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Every check of the Kubernetes manifests, offline: each document parses into the typed model as one of the kinds
 * Toonforge deploys, holds no field the model does not know, and no two documents share a kind and name; then the
 * workload, reference, compose and gateway checks. The answer is the list of problems, each naming its file and document.
 */
public final class DeploymentValidator {

    /** The kinds Toonforge deploys; anything else in deploy/kubernetes is a mistake (or needs a check here first). */
    public static final Set<Class<?>> KINDS = Set.of(Namespace.class, ConfigMap.class, Secret.class, Deployment.class,
            Service.class, PodDisruptionBudget.class, Ingress.class);

    private DeploymentValidator() {
    }

    public static List<String> problems(DeploymentFiles files) {
        ManifestParser.Result parsed = new ManifestParser().parse(files.manifests());
        List<String> problems = new ArrayList<>(parsed.problems());
        Set<String> seen = new HashSet<>();
        for (ManifestDocument document : parsed.documents()) {
            if (!KINDS.contains(document.resource().getClass())) {
                problems.add(document.describe() + ": a " + document.resource().getClass().getName()
                        + ", not one of the kinds Toonforge deploys");
            }
            UnknownFields.in(document.resource()).forEach(path ->
                    problems.add(document.describe() + ": unknown field " + path));
            if (!seen.add(document.resource().getKind() + "/" + document.resource().getMetadata().getName())) {
                problems.add(document.describe() + ": a second " + document.resource().getKind() + " of that name");
            }
        }
        CheckContext context = CheckContext.of(files, new Manifests(parsed.documents()));
        problems.addAll(WorkloadChecks.check(context));
        problems.addAll(ReferenceChecks.check(context));
        problems.addAll(ComposeChecks.check(context));
        problems.addAll(GatewayChecks.check(context));
        return problems;
    }
}
