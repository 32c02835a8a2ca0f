package dev.toonforge.gallery.rest;

import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.gallery.config.GallerySettings;
import dev.toonforge.gallery.messaging.GridLinks;
import dev.toonforge.gallery.storage.DatasetReader;
import dev.toonforge.common.rest.ErrorMappers;
import dev.toonforge.gallery.metrics.GalleryMetrics;
import dev.toonforge.gallery.service.UploadForwarder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.logging.Logger;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Datasets with their image count and a few thumbnails, read from the bucket. */
@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
public class DatasetResource {

    private static final Logger LOG = Logger.getLogger(DatasetResource.class);

    private final DatasetReader datasets;
    private final GallerySettings settings;
    private final UploadForwarder uploads;
    private final GalleryMetrics metrics;

    public DatasetResource(DatasetReader datasets, GallerySettings settings, UploadForwarder uploads,
                           GalleryMetrics metrics) {
        this.datasets = datasets;
        this.settings = settings;
        this.uploads = uploads;
        this.metrics = metrics;
    }

    @GET
    public List<Dataset> list() {
        return datasets.datasets().stream().map(manifest -> Dataset.of(manifest, datasets.imageCount(manifest.dataset()),
                datasets.firstImages(manifest.dataset(), settings.thumbnailsPerDataset()).stream()
                        .map(sha -> GridLinks.datasetImage(manifest.dataset(), sha)).toList())).toList();
    }

    @GET
    @Path("{dataset}/images/{sha256}.png")
    @Produces("image/png")
    public Response image(@PathParam("dataset") String dataset, @PathParam("sha256") String sha256) {
        Names.requireDataset(dataset);
        Names.requireSha256(sha256);
        byte[] png = datasets.image(dataset, sha256).orElseThrow(() -> new NotFoundException(
                "Dataset '" + dataset + "' has no image " + sha256 + "."));
        // Images are stored under their content hash: they never change.
        return Response.ok(png, "image/png").header("Cache-Control", "public, max-age=31536000, immutable").build();
    }

    /**
     * Proxies an upload (multipart parts named {@code files}, images or .zip archives) to the ingest service with the
     * caller's {@code Authorization} header; ingest's answer, success or error, comes back as it gave it.
     */
    @POST
    @Path("{dataset}/images")
    public Response upload(@PathParam("dataset") String dataset, @QueryParam("size") Integer size,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
                           InputStream body) {
        Names.requireDataset(dataset);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return ErrorMappers.error(Response.Status.UNSUPPORTED_MEDIA_TYPE,
                    "Send the images as multipart/form-data with parts named 'files'.");
        }
        try {
            UploadForwarder.Answer answer = uploads.forward(dataset, size, authorization, contentType, contentLength, body);
            metrics.proxied(GalleryMetrics.INGEST, answer.status());
            Response.ResponseBuilder response = Response.status(answer.status()).entity(answer.body())
                    .type(answer.contentType());
            answer.retryAfter().ifPresent(after -> response.header("Retry-After", after));
            return response.build();
        } catch (IOException e) {
            LOG.warnf("Upload of dataset %s to ingest failed: %s", dataset, e.toString());
            metrics.proxyFailed(GalleryMetrics.INGEST);
            return ErrorMappers.error(Response.Status.BAD_GATEWAY, "The ingest service at " + uploads.ingestUrl()
                    + " did not take the upload (" + e + "). Is it running? Nothing was stored.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ErrorMappers.error(Response.Status.SERVICE_UNAVAILABLE, "The gallery is shutting down; upload again.");
        }
    }

    /** A dataset on the home page: {@code thumbnails} are image URLs of this gallery. */
    public record Dataset(String dataset, int imageSize, int imageCount, Instant updatedAt, List<String> thumbnails) {
        static Dataset of(DatasetManifest manifest, int imageCount, List<String> thumbnails) {
            return new Dataset(manifest.dataset(), manifest.imageSize(), imageCount, manifest.updatedAt(), thumbnails);
        }
    }
}
