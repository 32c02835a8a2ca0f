package dev.toonforge.gallery.rest;

import dev.toonforge.common.rest.ErrorMappers;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.gallery.metrics.GalleryMetrics;
import dev.toonforge.gallery.service.SamplerForwarder;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.io.IOException;

/**
 * The sampler's serving choice, proxied: what each dataset serves, and the three changes (pin a run's epoch, serve the
 * newest again, roll back). Changes carry the caller's {@code Authorization} header to the sampler, which checks it; the
 * sampler's answer, success or error, comes back as it gave it; 502 when the sampler does not answer.
 */
@Path("/api/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private static final Logger LOG = Logger.getLogger(ModelResource.class);

    private final SamplerForwarder sampler;
    private final GalleryMetrics metrics;

    public ModelResource(SamplerForwarder sampler, GalleryMetrics metrics) {
        this.sampler = sampler;
        this.metrics = metrics;
    }

    @GET
    public Response models() {
        return forward("GET", "/api/models", null, null, null, "read the loaded models");
    }

    @GET
    @Path("{dataset}")
    public Response served(@PathParam("dataset") String dataset) {
        Names.requireDataset(dataset);
        return forward("GET", "/api/models/" + dataset, null, null, null, "say what '" + dataset + "' serves");
    }

    /** Body {@code {"runId": "...", "epoch": N}}, passed on untouched: the sampler checks it. */
    @PUT
    @Path("{dataset}")
    public Response pin(@PathParam("dataset") String dataset,
                        @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                        @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body) {
        Names.requireDataset(dataset);
        return forward("PUT", "/api/models/" + dataset, authorization, contentType, body == null ? new byte[0] : body,
                "pin a model of '" + dataset + "'");
    }

    @DELETE
    @Path("{dataset}")
    public Response unpin(@PathParam("dataset") String dataset,
                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Names.requireDataset(dataset);
        return forward("DELETE", "/api/models/" + dataset, authorization, null, null,
                "serve the newest model of '" + dataset + "'");
    }

    @POST
    @Path("{dataset}/rollback")
    public Response rollback(@PathParam("dataset") String dataset,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        Names.requireDataset(dataset);
        return forward("POST", "/api/models/" + dataset + "/rollback", authorization, null, null,
                "roll '" + dataset + "' back");
    }

    private Response forward(String method, String path, String authorization, String contentType, byte[] body,
                             String what) {
        try {
            SamplerForwarder.Answer answer = sampler.send(method, path, authorization, contentType, body);
            metrics.proxied(GalleryMetrics.SAMPLER, answer.status());
            Response.ResponseBuilder response = Response.status(answer.status()).entity(answer.body())
                    .type(answer.contentType());
            answer.retryAfter().ifPresent(after -> response.header("Retry-After", after));
            return response.build();
        } catch (IOException e) {
            LOG.warnf("%s %s on the sampler failed: %s", method, path, e.toString());
            metrics.proxyFailed(GalleryMetrics.SAMPLER);
            return ErrorMappers.error(Response.Status.BAD_GATEWAY, "The sampler service at " + sampler.samplerUrl()
                    + " did not answer (" + e + "; the gallery waits up to " + sampler.timeout().toSeconds()
                    + " s), so the gallery could not " + what + ". Is it running?"
                    + ("GET".equals(method) ? "" : " Ask again: GET /api/models/{dataset} says what is served."));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ErrorMappers.error(Response.Status.SERVICE_UNAVAILABLE, "The gallery is shutting down; try again.");
        }
    }
}
