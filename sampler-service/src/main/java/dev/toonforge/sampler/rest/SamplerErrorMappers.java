package dev.toonforge.sampler.rest;

import dev.toonforge.common.rest.ErrorMappers;
import dev.toonforge.sampler.service.InvalidSampleRequestException;
import dev.toonforge.sampler.service.SamplerBusyException;
import dev.toonforge.sampler.service.ServingAnnouncementException;
import dev.toonforge.sampler.service.ServingConflictException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** The sampler's own errors, as JSON like {@link ErrorMappers}. */
public class SamplerErrorMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidSampleRequestException e) {
        return ErrorMappers.error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response busy(SamplerBusyException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header("Retry-After", "1")
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "The sampler is busy: " + e.getMessage()))
                .build();
    }

    @ServerExceptionMapper
    public Response conflict(ServingConflictException e) {
        return ErrorMappers.error(Response.Status.CONFLICT, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notAnnounced(ServingAnnouncementException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header("Retry-After", "5")
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage()))
                .build();
    }
}
