package dev.toonforge.sampler.rest;

import dev.toonforge.dcgan.SampleGrid;
import dev.toonforge.sampler.config.SamplerSettings;
import dev.toonforge.sampler.service.ImageEncoding;
import dev.toonforge.sampler.service.InvalidSampleRequestException;
import dev.toonforge.sampler.service.Latents;
import dev.toonforge.sampler.service.LoadedModel;
import dev.toonforge.sampler.service.SampleService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Generated characters of a dataset. Read-only and open. Every answer names its checkpoint in
 * {@code X-Toonforge-Checkpoint} and carries an ETag derived from the checkpoint and the parameters (the same inputs
 * always give the same bytes), so If-None-Match is answered with 304 without generating anything.
 *
 * <p>Methods run on worker threads (they wait for the generator thread), never on the event loop.
 */
@Path("/api/samples/{dataset}")
@Blocking
public class SampleResource {

    static final String CHECKPOINT_HEADER = "X-Toonforge-Checkpoint";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String PNG = "image/png";

    private final SampleService samples;
    private final SamplerSettings settings;

    public SampleResource(SampleService samples, SamplerSettings settings) {
        this.samples = samples;
        this.settings = settings;
    }

    /** Body of POST: exactly one of the two. */
    public record SampleRequest(long[] seeds, float[][] latents) {
    }

    @GET
    @Path("image.png")
    @Produces(PNG)
    public Response image(@PathParam("dataset") String dataset, @QueryParam("seed") String seed,
                          @QueryParam("scale") String scale, @QueryParam("run") String run,
                          @QueryParam("epoch") String epoch, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        long s = QueryParams.longIn("seed", seed, 0, 0, QueryParams.MAX_SEED);
        int k = scale(scale);
        Integer e = epoch(epoch);
        LoadedModel model = samples.resolve(dataset, QueryParams.optional(run), e);
        String etag = etag(model, "image", s, k);
        if (matches(ifNoneMatch, etag)) {
            return notModified(model, etag, e);
        }
        BufferedImage image = samples.generate(model, Latents.forSeeds(model.generator().noise(), s), 1)[0];
        return ok(model, etag, e, ImageEncoding.png(ImageEncoding.upscale(image, k)), PNG);
    }

    @GET
    @Path("grid.png")
    @Produces(PNG)
    public Response grid(@PathParam("dataset") String dataset, @QueryParam("count") String count,
                         @QueryParam("seed") String seed, @QueryParam("scale") String scale, @QueryParam("run") String run,
                         @QueryParam("epoch") String epoch, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        int n = QueryParams.intIn("count", count, 16, 1, settings.maxImages());
        long s = QueryParams.longIn("seed", seed, 0, 0, QueryParams.MAX_SEED - n);
        int k = scale(scale);
        Integer e = epoch(epoch);
        LoadedModel model = samples.resolve(dataset, QueryParams.optional(run), e);
        String etag = etag(model, "grid", s, n, k);
        if (matches(ifNoneMatch, etag)) {
            return notModified(model, etag, e);
        }
        BufferedImage[] images = samples.generate(model, Latents.consecutiveSeeds(model.generator().noise(), s, n), n);
        int columns = (int) Math.ceil(Math.sqrt(n));
        return ok(model, etag, e, ImageEncoding.png(ImageEncoding.upscale(SampleGrid.render(images, columns), k)), PNG);
    }

    @GET
    @Path("interpolate.gif")
    @Produces("image/gif")
    public Response interpolate(@PathParam("dataset") String dataset, @QueryParam("from") String from,
                                @QueryParam("to") String to, @QueryParam("frames") String frames,
                                @QueryParam("scale") String scale, @QueryParam("run") String run,
                                @QueryParam("epoch") String epoch,
                                @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        long a = QueryParams.longIn("from", from, 0, 0, QueryParams.MAX_SEED);
        long b = QueryParams.longIn("to", to, 1, 0, QueryParams.MAX_SEED);
        int n = QueryParams.intIn("frames", frames, 24, 2, settings.maxFrames());
        int k = scale(scale);
        Integer e = epoch(epoch);
        LoadedModel model = samples.resolve(dataset, QueryParams.optional(run), e);
        String etag = etag(model, "interpolate", a, b, n, k, settings.gifFrameDelayMs());
        if (matches(ifNoneMatch, etag)) {
            return notModified(model, etag, e);
        }
        var noise = model.generator().noise();
        BufferedImage[] images = samples.generate(model, Latents.slerp(noise.vector(a), noise.vector(b), n), n);
        List<BufferedImage> scaled = new ArrayList<>(n);
        for (BufferedImage image : images) {
            scaled.add(ImageEncoding.upscale(image, k));
        }
        return ok(model, etag, e, ImageEncoding.gif(scaled, settings.gifFrameDelayMs()), "image/gif");
    }

    /** A zip of PNGs: {@code seed-N.png} per seed, or {@code latent-NNN.png} per latent vector, in request order. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces("application/zip")
    public Response batch(@PathParam("dataset") String dataset, @QueryParam("scale") String scale,
                          @QueryParam("run") String run, @QueryParam("epoch") String epoch, SampleRequest request) {
        int k = scale(scale);
        Integer e = epoch(epoch);
        boolean bySeed = request != null && request.seeds() != null;
        boolean byLatent = request != null && request.latents() != null;
        if (bySeed == byLatent) {
            throw new InvalidSampleRequestException("Send a JSON body with either \"seeds\": [integers] or \"latents\":"
                    + " [[floats]], not " + (bySeed ? "both" : "neither") + ".");
        }
        int n = bySeed ? request.seeds().length : request.latents().length;
        if (n < 1 || n > settings.maxImages()) {
            throw new InvalidSampleRequestException("Ask for 1 to " + settings.maxImages() + " images per request, not " + n
                    + ".");
        }
        LoadedModel model = samples.resolve(dataset, QueryParams.optional(run), e);
        int size = model.generator().noiseSize();
        List<String> names = new ArrayList<>(n);
        float[] z;
        if (bySeed) {
            for (long s : request.seeds()) {
                if (s < 0 || s > QueryParams.MAX_SEED) {
                    throw new InvalidSampleRequestException("Seed " + s + " is out of range; use integers from 0 to "
                            + QueryParams.MAX_SEED + ".");
                }
                names.add("seed-" + s + ".png");
            }
            z = Latents.forSeeds(model.generator().noise(), request.seeds());
        } else {
            z = new float[n * size];
            for (int i = 0; i < n; i++) {
                float[] row = request.latents()[i];
                if (row == null || row.length != size) {
                    throw new InvalidSampleRequestException("Latent " + i + " has " + (row == null ? 0 : row.length)
                            + " values; this model (" + model.preset() + ") takes exactly " + size + ".");
                }
                System.arraycopy(row, 0, z, i * size, size);
                names.add(String.format("latent-%03d.png", i));
            }
        }
        BufferedImage[] images = samples.generate(model, z, n);
        List<byte[]> pngs = new ArrayList<>(n);
        for (BufferedImage image : images) {
            pngs.add(ImageEncoding.png(ImageEncoding.upscale(image, k)));
        }
        return Response.ok(ImageEncoding.zip(names, pngs), "application/zip")
                .header(CHECKPOINT_HEADER, model.checkpointId())
                .header("Content-Disposition", "attachment; filename=\"" + dataset + "-" + model.runId() + "-epoch-"
                        + model.epoch() + ".zip\"")
                .build();
    }

    private int scale(String scale) {
        return QueryParams.intIn("scale", scale, 1, 1, settings.maxScale());
    }

    private static Integer epoch(String epoch) {
        return QueryParams.optionalInt("epoch", epoch, 0, 999_999);
    }

    private Response ok(LoadedModel model, String etag, Integer epoch, byte[] body, String type) {
        return Response.ok(body, type)
                .header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, cacheControl(epoch))
                .header(CHECKPOINT_HEADER, model.checkpointId())
                .build();
    }

    private Response notModified(LoadedModel model, String etag, Integer epoch) {
        return Response.notModified()
                .header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, cacheControl(epoch))
                .header(CHECKPOINT_HEADER, model.checkpointId())
                .build();
    }

    /** A named epoch never changes; the newest may be replaced at any time, so clients revalidate. */
    private String cacheControl(Integer epoch) {
        return epoch != null ? IMMUTABLE : "public, max-age=" + settings.newestMaxAgeSeconds() + ", must-revalidate";
    }

    /** Strong: the same checkpoint and parameters give byte-identical bodies. */
    static String etag(LoadedModel model, String kind, long... params) {
        StringBuilder key = new StringBuilder(model.checkpointKey()).append('|').append(kind);
        for (long p : params) {
            key.append('|').append(p);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || c.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
