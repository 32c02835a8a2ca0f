package dev.toonforge.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References between the manifests, each resolved: env and envFrom to ConfigMap and Secret keys, volumes to ConfigMaps
 * and Secrets, Services to the one Deployment they select and to a port its container declares, Ingress backends to
 * Service ports, PodDisruptionBudgets to a Deployment they leave room to drain, service URLs in ConfigMaps to a Service
 * port; and each service receives every environment variable it needs.
 */
public final class ReferenceChecks {

    /** http://name:port, optionally name.namespace[.svc[.cluster.local]]: a URL of an in-cluster Service. */
    private static final Pattern SERVICE_URL = Pattern.compile("https?://([a-z0-9-]+)(?:\\.[a-z0-9.-]+)?:(\\d+)");
    private static final int MIN_TOKEN_LENGTH = 16;

    private ReferenceChecks() {
    }

    public static List<String> check(CheckContext context) {
        List<String> problems = new ArrayList<>();
        Manifests manifests = context.manifests();
        for (Deployment deployment : manifests.deployments()) {
            if (deployment.getSpec() == null || deployment.getSpec().getTemplate() == null
                    || deployment.getSpec().getTemplate().getSpec() == null) {
                continue;
            }
            checkPodReferences(manifests, deployment, problems);
            checkEnvironment(manifests, deployment, problems);
        }
        manifests.services().forEach(service -> checkService(manifests, service, problems));
        manifests.ingresses().forEach(ingress -> checkIngress(manifests, ingress, problems));
        manifests.disruptionBudgets().forEach(budget -> checkBudget(manifests, budget, problems));
        manifests.configMaps().forEach(map -> checkServiceUrls(manifests, map, problems));
        for (ToonforgeService service : ToonforgeService.values()) {
            if (manifests.named(Service.class, service.serviceName()).isEmpty()) {
                problems.add("no Service named " + service.serviceName() + " (the other services and the gallery reach it by"
                        + " that name)");
            }
        }
        checkToken(manifests, problems);
        checkBrowserSamplerUrl(manifests, problems);
        return problems;
    }

    /**
     * The gallery's browser-facing sampler URL (images load from {url}/api/samples/...) is a host of an Ingress that
     * routes that path to sampler-service.
     */
    private static void checkBrowserSamplerUrl(Manifests manifests, List<String> problems) {
        for (ConfigMap map : manifests.configMaps()) {
            String url = map.getData() == null ? null : map.getData().get("TOONFORGE_GALLERY_SAMPLER_URL");
            if (url == null) {
                continue;
            }
            URI uri = URI.create(url);
            String basePath = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
            String samplesPath = basePath + "/api/samples/";
            boolean routed = manifests.ingresses().stream()
                    .flatMap(ingress -> list(ingress.getSpec() == null ? null : ingress.getSpec().getRules()).stream())
                    .filter(rule -> uri.getHost().equals(rule.getHost()) && rule.getHttp() != null)
                    .map(rule -> longestPrefix(rule.getHttp().getPaths(), samplesPath))
                    .anyMatch(path -> path != null && path.getBackend() != null && path.getBackend().getService() != null
                            && ToonforgeService.SAMPLER.serviceName().equals(path.getBackend().getService().getName()));
            if (!routed) {
                problems.add(manifests.describe(map) + ": TOONFORGE_GALLERY_SAMPLER_URL " + url + ": no Ingress routes "
                        + uri.getHost() + samplesPath + " to " + ToonforgeService.SAMPLER.serviceName()
                        + " (browsers load generated images there)");
            }
        }
    }

    /** The Prefix or Exact path an ingress controller picks for a request path: the longest that matches. */
    private static HTTPIngressPath longestPrefix(List<HTTPIngressPath> paths, String requestPath) {
        HTTPIngressPath best = null;
        for (HTTPIngressPath path : list(paths)) {
            String p = path.getPath() == null ? "/" : path.getPath();
            boolean matches = "Exact".equals(path.getPathType()) ? requestPath.equals(p)
                    : requestPath.equals(p) || requestPath.startsWith(p.endsWith("/") ? p : p + "/");
            if (matches && (best == null || p.length() > best.getPath().length())) {
                best = path;
            }
        }
        return best;
    }

    private static void checkPodReferences(Manifests manifests, Deployment deployment, List<String> problems) {
        String where = manifests.describe(deployment);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        for (Container container : allContainers(pod)) {
            String at = where + " container " + container.getName();
            for (EnvFromSource source : list(container.getEnvFrom())) {
                if (source.getConfigMapRef() != null
                        && manifests.configMapKeys(source.getConfigMapRef().getName()).isEmpty()) {
                    problems.add(at + ": envFrom ConfigMap " + source.getConfigMapRef().getName() + " is not in the manifests");
                }
                if (source.getSecretRef() != null && manifests.secretKeys(source.getSecretRef().getName()).isEmpty()) {
                    problems.add(at + ": envFrom Secret " + source.getSecretRef().getName() + " is not in the manifests");
                }
            }
            for (EnvVar env : list(container.getEnv())) {
                if (env.getValueFrom() == null) {
                    continue;
                }
                ConfigMapKeySelector mapKey = env.getValueFrom().getConfigMapKeyRef();
                if (mapKey != null && !hasKey(manifests.configMapKeys(mapKey.getName()), mapKey.getKey())) {
                    problems.add(at + ": env " + env.getName() + " refers to key " + mapKey.getKey() + " of ConfigMap "
                            + mapKey.getName() + ", which the manifests do not define");
                }
                SecretKeySelector secretKey = env.getValueFrom().getSecretKeyRef();
                if (secretKey != null && !hasKey(manifests.secretKeys(secretKey.getName()), secretKey.getKey())) {
                    problems.add(at + ": env " + env.getName() + " refers to key " + secretKey.getKey() + " of Secret "
                            + secretKey.getName() + ", which the manifests do not define");
                }
            }
        }
        for (Volume volume : list(pod.getVolumes())) {
            if (volume.getConfigMap() != null && manifests.configMapKeys(volume.getConfigMap().getName()).isEmpty()) {
                problems.add(where + ": volume " + volume.getName() + " mounts ConfigMap " + volume.getConfigMap().getName()
                        + ", which is not in the manifests");
            }
            if (volume.getSecret() != null && manifests.secretKeys(volume.getSecret().getSecretName()).isEmpty()) {
                problems.add(where + ": volume " + volume.getName() + " mounts Secret " + volume.getSecret().getSecretName()
                        + ", which is not in the manifests");
            }
        }
    }

    /** The service's container gets every variable the service reads (from env, or a ConfigMap or Secret via envFrom). */
    private static void checkEnvironment(Manifests manifests, Deployment deployment, List<String> problems) {
        String name = deployment.getMetadata().getName();
        for (ToonforgeService service : ToonforgeService.values()) {
            if (!service.serviceName().equals(name)) {
                continue;
            }
            Optional<Container> container = deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                    .filter(c -> name.equals(c.getName())).findFirst();
            if (container.isEmpty()) {
                return;
            }
            Set<String> available = environmentNames(manifests, container.get());
            Set<String> needed = new LinkedHashSet<>(ToonforgeService.SHARED_ENVIRONMENT);
            needed.addAll(service.ownEnvironment());
            needed.removeAll(available);
            if (!needed.isEmpty()) {
                problems.add(manifests.describe(deployment) + ": container " + name + " gets no " + needed);
            }
        }
    }

    /** The names of the variables a container gets: its env, and every key of the ConfigMaps and Secrets in envFrom. */
    static Set<String> environmentNames(Manifests manifests, Container container) {
        Set<String> names = new LinkedHashSet<>();
        list(container.getEnv()).forEach(env -> names.add(env.getName()));
        for (EnvFromSource source : list(container.getEnvFrom())) {
            String prefix = source.getPrefix() == null ? "" : source.getPrefix();
            Optional<Set<String>> keys = source.getConfigMapRef() != null
                    ? manifests.configMapKeys(source.getConfigMapRef().getName())
                    : source.getSecretRef() != null ? manifests.secretKeys(source.getSecretRef().getName())
                    : Optional.empty();
            keys.ifPresent(k -> k.forEach(key -> names.add(prefix + key)));
        }
        return names;
    }

    private static void checkService(Manifests manifests, Service service, List<String> problems) {
        String where = manifests.describe(service);
        Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            problems.add(where + ": has no selector");
            return;
        }
        List<Deployment> selected = manifests.deployments().stream()
                .filter(d -> d.getSpec() != null && d.getSpec().getTemplate() != null
                        && d.getSpec().getTemplate().getMetadata() != null)
                .filter(d -> LabelSelectors.matches(selector, d.getSpec().getTemplate().getMetadata().getLabels()))
                .toList();
        if (selected.size() != 1) {
            problems.add(where + ": selector " + selector + " selects the pods of " + selected.size()
                    + " Deployments, expected exactly one");
            return;
        }
        Deployment deployment = selected.get(0);
        for (ServicePort port : list(service.getSpec().getPorts())) {
            IntOrString target = port.getTargetPort() != null ? port.getTargetPort() : new IntOrString(port.getPort());
            boolean declared = allContainers(deployment.getSpec().getTemplate().getSpec()).stream()
                    .anyMatch(c -> WorkloadChecks.declaresPort(c, target));
            if (!declared) {
                problems.add(where + ": port " + port.getPort() + " targets " + WorkloadChecks.portText(target)
                        + ", which no container of Deployment " + deployment.getMetadata().getName() + " declares");
            }
        }
    }

    private static void checkIngress(Manifests manifests, Ingress ingress, List<String> problems) {
        String where = manifests.describe(ingress);
        if (ingress.getSpec() == null) {
            problems.add(where + ": has no spec");
            return;
        }
        if (ingress.getSpec().getDefaultBackend() != null) {
            checkBackend(manifests, where + " defaultBackend", ingress.getSpec().getDefaultBackend(), problems);
        }
        for (IngressRule rule : list(ingress.getSpec().getRules())) {
            if (rule.getHttp() == null) {
                continue;
            }
            for (HTTPIngressPath path : list(rule.getHttp().getPaths())) {
                checkBackend(manifests, where + " path " + path.getPath(), path.getBackend(), problems);
            }
        }
    }

    private static void checkBackend(Manifests manifests, String where, IngressBackend backend, List<String> problems) {
        if (backend == null || backend.getService() == null) {
            problems.add(where + ": has no service backend");
            return;
        }
        String name = backend.getService().getName();
        Optional<Service> service = manifests.named(Service.class, name);
        if (service.isEmpty()) {
            problems.add(where + ": backend Service " + name + " is not in the manifests");
            return;
        }
        var port = backend.getService().getPort();
        boolean exists = port != null && list(service.get().getSpec().getPorts()).stream().anyMatch(p ->
                port.getNumber() != null ? port.getNumber().equals(p.getPort()) : port.getName() != null
                        && port.getName().equals(p.getName()));
        if (!exists) {
            problems.add(where + ": backend port " + (port == null ? "(none)"
                    : port.getNumber() != null ? port.getNumber() : "'" + port.getName() + "'")
                    + " is not a port of Service " + name);
        }
    }

    private static void checkBudget(Manifests manifests, PodDisruptionBudget budget, List<String> problems) {
        String where = manifests.describe(budget);
        List<Deployment> selected = manifests.deployments().stream()
                .filter(d -> d.getSpec() != null && d.getSpec().getTemplate() != null
                        && d.getSpec().getTemplate().getMetadata() != null)
                .filter(d -> LabelSelectors.matches(budget.getSpec().getSelector(),
                        d.getSpec().getTemplate().getMetadata().getLabels()))
                .toList();
        if (selected.size() != 1) {
            problems.add(where + ": selector selects the pods of " + selected.size() + " Deployments, expected exactly one");
            return;
        }
        IntOrString minAvailable = budget.getSpec().getMinAvailable();
        Integer replicas = selected.get(0).getSpec().getReplicas();
        if (minAvailable != null && minAvailable.getIntVal() != null && replicas != null
                && minAvailable.getIntVal() >= replicas) {
            problems.add(where + ": minAvailable " + minAvailable.getIntVal() + " with " + replicas
                    + " replicas lets no pod be evicted (node drains would hang)");
        }
    }

    /** A value like http://sampler-service:8083 names a Service of the manifests and one of its ports. */
    private static void checkServiceUrls(Manifests manifests, ConfigMap map, List<String> problems) {
        if (map.getData() == null) {
            return;
        }
        map.getData().forEach((key, value) -> {
            Matcher url = SERVICE_URL.matcher(value);
            while (url.find()) {
                Optional<Service> service = manifests.named(Service.class, url.group(1));
                if (service.isEmpty()) {
                    continue;
                }
                int port = Integer.parseInt(url.group(2));
                if (list(service.get().getSpec().getPorts()).stream().noneMatch(p -> p.getPort() == port)) {
                    problems.add(manifests.describe(map) + ": " + key + " = " + value + ": port " + port
                            + " is not a port of Service " + url.group(1));
                }
            }
        });
    }

    /** The services refuse an API token shorter than 16 characters; the Secret's value must not be one. */
    private static void checkToken(Manifests manifests, List<String> problems) {
        for (Secret secret : manifests.secrets()) {
            String token = secret.getStringData() == null ? null : secret.getStringData().get("TOONFORGE_API_TOKEN");
            if (token != null && token.length() < MIN_TOKEN_LENGTH) {
                problems.add(manifests.describe(secret) + ": TOONFORGE_API_TOKEN has " + token.length()
                        + " characters; the services need at least " + MIN_TOKEN_LENGTH);
            }
        }
    }

    private static boolean hasKey(Optional<Set<String>> keys, String key) {
        return keys.map(k -> k.contains(key)).orElse(false);
    }

    private static List<Container> allContainers(PodSpec pod) {
        List<Container> containers = new ArrayList<>(list(pod.getContainers()));
        containers.addAll(list(pod.getInitContainers()));
        return containers;
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }
}
