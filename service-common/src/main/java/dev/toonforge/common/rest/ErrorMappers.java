package dev.toonforge.common.rest;

import dev.toonforge.common.storage.StorageUnavailableException;
import dev.toonforge.contracts.naming.InvalidNameException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** Errors a user can act on, as JSON {@code {"error": "..."}}. */
public class ErrorMappers {

    private static final Logger LOG = Logger.getLogger(ErrorMappers.class);

    @ServerExceptionMapper
    public Response invalidName(InvalidNameException e) {
        return error(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return error(Response.Status.NOT_FOUND, e.getMessage());
    }

    @ServerExceptionMapper
    public Response storageDown(StorageUnavailableException e) {
        LOG.warn(e.getMessage());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .header("Retry-After", "10")
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "The object store is not reachable; nothing was changed. Try again shortly."))
                .build();
    }

    @ServerExceptionMapper
    public Response deletionRefused(DeletionRefusedException e) {
        if (e.isConflict()) {
            return error(Response.Status.CONFLICT, e.getMessage());
        }
        return Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()))
                .header("Retry-After", "10").build();
    }

    public static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of("error", message)).build();
    }
}
