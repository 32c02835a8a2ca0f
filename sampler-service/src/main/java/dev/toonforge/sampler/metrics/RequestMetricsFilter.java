package dev.toonforge.sampler.metrics;

import dev.toonforge.sampler.rest.ModelResource;
import dev.toonforge.sampler.rest.SampleResource;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import java.time.Duration;

/**
 * Times every request to the sampler's API resources (samples and models) from matching to response, errors mapped to
 * responses included, and hands it to {@link SamplerMetrics} under the resource method's name.
 */
@Provider
public class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String STARTED = RequestMetricsFilter.class.getName() + ".started";

    @Context
    ResourceInfo resource;

    private final SamplerMetrics metrics;

    public RequestMetricsFilter(SamplerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(STARTED, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(STARTED) instanceof Long started) || resource == null
                || resource.getResourceMethod() == null) {
            return;
        }
        Class<?> type = resource.getResourceClass();
        if (type != SampleResource.class && type != ModelResource.class) {
            return;
        }
        metrics.requestDone(resource.getResourceMethod().getName(), response.getStatus(),
                Duration.ofNanos(System.nanoTime() - started));
    }
}
