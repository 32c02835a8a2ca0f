package dev.toonforge.sampler.service;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the start-up scan has loaded what storage holds (before that, a request could miss a model that exists). */
@Readiness
@ApplicationScoped
public class StartupScanHealthCheck implements HealthCheck {

    private final StartupScan scan;
    private final ModelRegistry registry;

    public StartupScanHealthCheck(StartupScan scan, ModelRegistry registry) {
        this.scan = scan;
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("sampler-models")
                .status(scan.isDone())
                .withData("datasets", String.join(",", registry.datasets()))
                .build();
    }
}
