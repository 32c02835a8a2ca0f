package dev.toonforge.ingest.rest;

import dev.toonforge.common.rest.ErrorMappers;
import dev.toonforge.common.security.RequiresToken;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.ingest.service.IngestService;
import dev.toonforge.ingest.service.UploadReport;
import dev.toonforge.ingest.service.UploadedFile;
import dev.toonforge.ingest.storage.DatasetStore;
import io.smallrye.common.annotation.Blocking;
import dev.toonforge.ingest.service.DatasetDeletion;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Path("/api/datasets")
@Produces(MediaType.APPLICATION_JSON)
@SecurityScheme(securitySchemeName = "token", type = SecuritySchemeType.HTTP, scheme = "bearer")
public class DatasetResource {

    static final int DEFAULT_PAGE = 100;
    static final int MAX_PAGE = 1000;

    private final IngestService ingest;
    private final DatasetStore store;
    private final DatasetDeletion deletion;

    public DatasetResource(IngestService ingest, DatasetStore store, DatasetDeletion deletion) {
        this.ingest = ingest;
        this.store = store;
        this.deletion = deletion;
    }

    @POST
    @Path("{dataset}/images")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequiresToken
    @Blocking
    @SecurityRequirement(name = "token")
    @Operation(summary = "Upload images or .zip archives of images (multipart parts named 'files')",
            description = "200 with what was accepted, duplicated and rejected; 400 when every file is rejected. "
                    + "?size=32|64|128 sets the image size on a dataset's first upload; it is fixed afterwards.")
    public Response upload(@PathParam("dataset") String dataset, @QueryParam("size") Integer size,
                           @RestForm("files") List<FileUpload> files) {
        try {
            Names.requireDataset(dataset);
            List<UploadedFile> uploads = new ArrayList<>();
            for (FileUpload file : files == null ? List.<FileUpload>of() : files) {
                uploads.add(new UploadedFile(file.fileName() == null || file.fileName().isBlank() ? file.name()
                        : file.fileName(), file.uploadedFile()));
            }
            UploadReport report = ingest.ingest(dataset, size, uploads);
            return Response.status(report.everythingRejected() ? Response.Status.BAD_REQUEST : Response.Status.OK)
                    .entity(report).build();
        } finally {
            deleteSpooled(files);
        }
    }

    @DELETE
    @Path("{dataset}")
    @RequiresToken
    @Blocking
    @SecurityRequirement(name = "token")
    @Operation(summary = "Delete a dataset: every image, dataset.json and the serving choices under models/{dataset}/; announces datasets.deleted",
            description = "409 while a run of the dataset is queued or running; 404 for an unknown dataset; 503 when "
                    + "the objects are gone but Kafka did not confirm the event (repeat the DELETE to announce it again).")
    public Response delete(@PathParam("dataset") String dataset) {
        return deletion.delete(dataset).map(outcome -> Response.ok(outcome).build())
                .orElseGet(() -> unknown(dataset));
    }

    @GET
    @Operation(summary = "All datasets with their image count, size and times")
    public List<DatasetView> datasets() {
        List<DatasetView> views = new ArrayList<>();
        for (String name : store.datasetNames()) {
            if (Names.isDataset(name)) {
                store.manifest(name).map(m -> DatasetView.of(m, store.imageCount(name))).ifPresent(views::add);
            }
        }
        return views;
    }

    @GET
    @Path("{dataset}")
    @Operation(summary = "One dataset: image count, image size, created and updated times")
    public Response dataset(@PathParam("dataset") String dataset) {
        return manifest(dataset).map(m -> Response.ok(DatasetView.of(m, store.imageCount(dataset))).build())
                .orElseGet(() -> unknown(dataset));
    }

    @GET
    @Path("{dataset}/images")
    @Operation(summary = "A page of the dataset's image keys, in hash order; ?after=<sha256 of the last one seen>")
    public Response images(@PathParam("dataset") String dataset, @QueryParam("limit") Integer limit,
                           @QueryParam("after") String after) {
        if (manifest(dataset).isEmpty()) {
            return unknown(dataset);
        }
        int pageSize = limit == null ? DEFAULT_PAGE : limit;
        if (pageSize < 1 || pageSize > MAX_PAGE) {
            return ErrorMappers.error(Response.Status.BAD_REQUEST, "limit must be between 1 and " + MAX_PAGE);
        }
        if (after != null) {
            Names.requireSha256(after);
        }
        List<ImagePage.ImageRef> refs = new ArrayList<>();
        for (String key : store.imageKeys(dataset, after, pageSize + 1)) {
            ObjectKeys.imageHashOf(key).ifPresent(sha -> refs.add(new ImagePage.ImageRef(sha, key)));
        }
        String next = null;
        if (refs.size() > pageSize) {
            refs.subList(pageSize, refs.size()).clear();
            next = refs.get(pageSize - 1).sha256();
        }
        return Response.ok(new ImagePage(dataset, refs, next)).build();
    }

    @GET
    @Path("{dataset}/images/{sha256}.png")
    @Produces("image/png")
    @Blocking
    @Operation(summary = "One stored image (PNG), streamed")
    public Response image(@PathParam("dataset") String dataset, @PathParam("sha256") String sha256) {
        Names.requireDataset(dataset);
        Names.requireSha256(sha256);
        Optional<InputStream> image = store.openImage(dataset, sha256);
        if (image.isEmpty()) {
            return manifest(dataset).isEmpty() ? unknown(dataset)
                    : ErrorMappers.error(Response.Status.NOT_FOUND, "Dataset '" + dataset + "' has no image " + sha256 + ".");
        }
        StreamingOutput body = out -> {
            try (InputStream in = image.get()) {
                in.transferTo(out);
            }
        };
        // Content-addressed: the bytes behind this URL never change.
        return Response.ok(body, "image/png").header("Cache-Control", "public, max-age=31536000, immutable").build();
    }

    private Optional<DatasetManifest> manifest(String dataset) {
        return store.manifest(Names.requireDataset(dataset));
    }

    private static Response unknown(String dataset) {
        return ErrorMappers.error(Response.Status.NOT_FOUND, "There is no dataset '" + dataset + "'.");
    }

    private static void deleteSpooled(List<FileUpload> files) {
        if (files == null) {
            return;
        }
        for (FileUpload file : files) {
            try {
                if (file.uploadedFile() != null) {
                    Files.deleteIfExists(file.uploadedFile());
                }
            } catch (IOException ignored) {
                // the server removes spooled uploads at the end of the request as well
            }
        }
    }
}
