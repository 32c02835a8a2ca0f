package dev.toonforge.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Deployments: one per service with its replicas, a selector that selects its own pods, the service's port (the
 * Dockerfile's EXPOSE), health probes on Quarkus' /q/health endpoints, CPU and memory requests and limits, the GPU for
 * the trainer only, and JVM memory options that fit under the memory limit.
 */
public final class WorkloadChecks {

    public static final String GPU = "nvidia.com/gpu";
    private static final Pattern EXPOSE = Pattern.compile("(?m)^EXPOSE\\s+(\\d+)");
    private static final Pattern JVM_SIZE = Pattern.compile(
            "(-Xmx|-Dorg\\.bytedeco\\.javacpp\\.maxphysicalbytes=)(\\d+)([kKmMgGtT]?)");

    private WorkloadChecks() {
    }

    public static List<String> check(CheckContext context) {
        List<String> problems = new ArrayList<>();
        Manifests manifests = context.manifests();
        for (ToonforgeService service : ToonforgeService.values()) {
            Optional<Deployment> deployment = manifests.named(Deployment.class, service.serviceName());
            if (deployment.isEmpty()) {
                problems.add("no Deployment named " + service.serviceName());
                continue;
            }
            checkDeployment(context, service, deployment.get(), problems);
        }
        for (Deployment deployment : manifests.deployments()) {
            String name = deployment.getMetadata().getName();
            if (Arrays.stream(ToonforgeService.values()).noneMatch(s -> s.serviceName().equals(name))) {
                problems.add(manifests.describe(deployment) + ": not one of the four Toonforge services");
            }
        }
        return problems;
    }

    private static void checkDeployment(CheckContext context, ToonforgeService service, Deployment deployment,
                                        List<String> problems) {
        String where = context.manifests().describe(deployment);
        if (deployment.getSpec() == null || deployment.getSpec().getTemplate() == null
                || deployment.getSpec().getTemplate().getSpec() == null) {
            problems.add(where + ": has no pod template");
            return;
        }
        Integer replicas = deployment.getSpec().getReplicas();
        if (replicas == null || replicas != service.replicas()) {
            problems.add(where + ": replicas " + replicas + ", expected " + service.replicas());
        }
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata() == null ? Map.of()
                : deployment.getSpec().getTemplate().getMetadata().getLabels();
        if (!LabelSelectors.matches(deployment.getSpec().getSelector(), podLabels)) {
            problems.add(where + ": spec.selector " + selectorText(deployment) + " does not select the template's labels "
                    + podLabels);
        }
        List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
        Optional<Container> main = containers.stream().filter(c -> service.serviceName().equals(c.getName())).findFirst();
        if (main.isEmpty()) {
            problems.add(where + ": no container named " + service.serviceName());
        } else {
            checkPort(context, service, main.get(), where, problems);
        }
        for (Container container : containers) {
            String at = where + " container " + container.getName();
            checkProbes(container, at, problems);
            checkResources(service, container, at, problems);
            checkJvmMemory(container, at, problems);
        }
    }

    private static void checkPort(CheckContext context, ToonforgeService service, Container container, String where,
                                  List<String> problems) {
        List<Integer> ports = container.getPorts() == null ? List.of()
                : container.getPorts().stream().map(ContainerPort::getContainerPort).toList();
        if (!ports.contains(service.port())) {
            problems.add(where + ": container declares ports " + ports + ", the service listens on " + service.port());
        }
        String dockerfile = context.files().dockerfiles().getOrDefault(service.serviceName(), "");
        Matcher expose = EXPOSE.matcher(dockerfile);
        if (expose.find() && Integer.parseInt(expose.group(1)) != service.port()) {
            problems.add(service.serviceName() + "/Dockerfile: EXPOSE " + expose.group(1) + ", the service listens on "
                    + service.port());
        }
    }

    private static void checkProbes(Container container, String where, List<String> problems) {
        checkProbe(container, container.getLivenessProbe(), "livenessProbe", "/q/health/live", true, where, problems);
        checkProbe(container, container.getReadinessProbe(), "readinessProbe", "/q/health/ready", true, where, problems);
        checkProbe(container, container.getStartupProbe(), "startupProbe", "/q/health/", false, where, problems);
    }

    private static void checkProbe(Container container, Probe probe, String kind, String expectedPath, boolean required,
                                   String where, List<String> problems) {
        if (probe == null) {
            if (required) {
                problems.add(where + ": has no " + kind);
            }
            return;
        }
        if (probe.getHttpGet() == null) {
            problems.add(where + ": " + kind + " is not an HTTP GET of Quarkus' /q/health endpoints");
            return;
        }
        String path = probe.getHttpGet().getPath();
        boolean pathOk = expectedPath.endsWith("/") ? path != null && path.startsWith(expectedPath)
                : expectedPath.equals(path);
        if (!pathOk) {
            problems.add(where + ": " + kind + " path " + path + ", expected " + expectedPath
                    + (expectedPath.endsWith("/") ? "..." : ""));
        }
        if (!declaresPort(container, probe.getHttpGet().getPort())) {
            problems.add(where + ": " + kind + " port " + portText(probe.getHttpGet().getPort())
                    + " is not a port the container declares");
        }
    }

    /** Whether the container declares this port, by number or by name. */
    static boolean declaresPort(Container container, IntOrString port) {
        if (port == null || container.getPorts() == null) {
            return false;
        }
        return container.getPorts().stream().anyMatch(declared -> port.getIntVal() != null
                ? port.getIntVal().equals(declared.getContainerPort())
                : port.getStrVal() != null && port.getStrVal().equals(declared.getName()));
    }

    static String portText(IntOrString port) {
        return port == null ? "(none)" : port.getIntVal() != null ? port.getIntVal().toString() : "'" + port.getStrVal() + "'";
    }

    private static void checkResources(ToonforgeService service, Container container, String where,
                                       List<String> problems) {
        ResourceRequirements resources = container.getResources();
        Map<String, Quantity> requests = resources == null || resources.getRequests() == null ? Map.of()
                : resources.getRequests();
        Map<String, Quantity> limits = resources == null || resources.getLimits() == null ? Map.of()
                : resources.getLimits();
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = requests.get(resource);
            Quantity limit = limits.get(resource);
            if (request == null || limit == null) {
                problems.add(where + ": needs both a request and a limit for " + resource);
                continue;
            }
            Optional<BigDecimal> requested = amount(request, where, resource, problems);
            Optional<BigDecimal> limited = amount(limit, where, resource, problems);
            if (requested.isPresent() && limited.isPresent() && requested.get().compareTo(limited.get()) > 0) {
                problems.add(where + ": " + resource + " request " + request + " is above its limit " + limit);
            }
        }
        Quantity gpu = limits.get(GPU);
        if (service.gpu() && container.getName().equals(service.serviceName())) {
            if (gpu == null || amount(gpu, where, GPU, problems).map(g -> g.compareTo(BigDecimal.ONE) != 0).orElse(true)) {
                problems.add(where + ": must have resources.limits " + GPU + ": 1 (has " + gpu + ")");
            }
            Quantity gpuRequest = requests.get(GPU);
            if (gpuRequest != null && gpu != null && gpuRequest.compareTo(gpu) != 0) {
                problems.add(where + ": " + GPU + " request " + gpuRequest + " differs from its limit " + gpu
                        + " (Kubernetes refuses that for extended resources)");
            }
        } else if (gpu != null || requests.containsKey(GPU)) {
            problems.add(where + ": asks for " + GPU + " but only the trainer trains on a GPU");
        }
    }

    private static Optional<BigDecimal> amount(Quantity quantity, String where, String resource, List<String> problems) {
        try {
            return Optional.of(Quantity.getAmountInBytes(quantity));
        } catch (RuntimeException e) {
            problems.add(where + ": " + resource + " quantity '" + quantity + "' is not a Kubernetes quantity");
            return Optional.empty();
        }
    }

    /** -Xmx and JavaCPP's maxphysicalbytes in JAVA_OPTS must each stay under the memory limit, or the kernel kills the pod. */
    private static void checkJvmMemory(Container container, String where, List<String> problems) {
        Optional<String> javaOpts = container.getEnv() == null ? Optional.empty() : container.getEnv().stream()
                .filter(e -> "JAVA_OPTS".equals(e.getName())).map(EnvVar::getValue).filter(v -> v != null).findFirst();
        Quantity limit = container.getResources() == null || container.getResources().getLimits() == null ? null
                : container.getResources().getLimits().get("memory");
        if (javaOpts.isEmpty() || limit == null) {
            return;
        }
        BigDecimal limitBytes;
        try {
            limitBytes = Quantity.getAmountInBytes(limit);
        } catch (RuntimeException e) {
            return;
        }
        Matcher size = JVM_SIZE.matcher(javaOpts.get());
        while (size.find()) {
            BigDecimal bytes = new BigDecimal(size.group(2)).multiply(BigDecimal.valueOf(unit(size.group(3))));
            if (bytes.compareTo(limitBytes) >= 0) {
                problems.add(where + ": JAVA_OPTS " + size.group(0) + " is not below the memory limit " + limit);
            }
        }
    }

    private static long unit(String suffix) {
        return switch (suffix.toLowerCase()) {
            case "k" -> 1024L;
            case "m" -> 1024L * 1024;
            case "g" -> 1024L * 1024 * 1024;
            case "t" -> 1024L * 1024 * 1024 * 1024;
            default -> 1L;
        };
    }

    private static String selectorText(Deployment deployment) {
        return deployment.getSpec().getSelector() == null ? "(none)"
                : String.valueOf(deployment.getSpec().getSelector().getMatchLabels());
    }
}
