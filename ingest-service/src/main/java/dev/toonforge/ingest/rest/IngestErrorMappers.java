package dev.toonforge.ingest.rest;

import dev.toonforge.common.rest.ErrorMappers;
import dev.toonforge.ingest.service.UploadNotConfirmedException;
import dev.toonforge.ingest.service.UploadRefusedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/** The ingest service's own errors, as JSON with an {@code error} a user can act on. */
public class IngestErrorMappers {

    @ServerExceptionMapper
    public Response refused(UploadRefusedException e) {
        return ErrorMappers.error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notConfirmed(UploadNotConfirmedException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("report", e.report());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).header("Retry-After", "10")
                .type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
