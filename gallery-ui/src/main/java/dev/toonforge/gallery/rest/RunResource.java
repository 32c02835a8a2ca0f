package dev.toonforge.gallery.rest;

import dev.toonforge.contracts.naming.Names;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.toonforge.gallery.config.GallerySettings;
import dev.toonforge.gallery.messaging.GridLinks;
import dev.toonforge.gallery.service.EvolutionGif;
import dev.toonforge.gallery.service.LossCurves;
import dev.toonforge.gallery.service.ScoreCurve;
import dev.toonforge.gallery.storage.RunReader;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs as the trainer left them in the bucket: configuration and state, per-epoch grids (and which of them have a
 * checkpoint), losses, quality scores, the evolution GIF.
 */
@Path("/api/runs")
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    private final RunReader runs;
    private final GallerySettings settings;

    public RunResource(RunReader runs, GallerySettings settings) {
        this.runs = runs;
        this.settings = settings;
    }

    /** Every run's run.json as the trainer stored it (fields this gallery does not know included), newest first. */
    @GET
    public List<ObjectNode> list() {
        return runs.runs().stream().map(RunReader.StoredRun::json).toList();
    }

    /** One run.json as stored, with every field the trainer wrote (such as {@code name}, {@code note}, {@code initFrom}). */
    @GET
    @Path("{runId}")
    public ObjectNode run(@PathParam("runId") String runId) {
        return runs.stored(Names.requireRunId(runId)).orElseThrow(() -> noSuchRun(runId)).json();
    }

    /**
     * The epochs with a grid, oldest first, each with its image URL and whether its checkpoint is stored (the trainer
     * keeps a grid for every epoch but checkpoints only for some; only those can be served).
     */
    @GET
    @Path("{runId}/grids")
    public List<Grid> grids(@PathParam("runId") String runId) {
        List<Integer> epochs = existing(runId);
        Set<Integer> checkpoints = runs.checkpointEpochs(runId);
        return epochs.stream()
                .map(epoch -> new Grid(epoch, GridLinks.grid(runId, epoch), checkpoints.contains(epoch)))
                .toList();
    }

    @GET
    @Path("{runId}/grids/{epoch: \\d{1,6}}.png")
    @Produces("image/png")
    public Response grid(@PathParam("runId") String runId, @PathParam("epoch") int epoch) {
        byte[] png = runs.grid(Names.requireRunId(runId), epoch).orElseThrow(() -> new NotFoundException(
                "Run '" + runId + "' has no sample grid for epoch " + epoch + " (yet)."));
        // An epoch's grid is written once, when the epoch ends.
        return Response.ok(png, "image/png").header("Cache-Control", "public, max-age=86400").build();
    }

    @GET
    @Path("{runId}/metrics")
    public LossCurves.Curves metrics(@PathParam("runId") String runId) {
        existing(runId);
        LossCurves curves = new LossCurves();
        runs.forEachMetric(runId, curves::add);
        return curves.build(settings.maxChartPoints());
    }

    /** The run's quality score per scored epoch (lower is better) and its best epoch; empty series before the first. */
    @GET
    @Path("{runId}/scores")
    public ScoreCurve.Scores scores(@PathParam("runId") String runId) {
        existing(runId);
        return ScoreCurve.of(runs.scores(runId));
    }

    /** Every grid (or an even selection of at most toonforge.gallery.max-gif-frames) as a looping animated GIF. */
    @GET
    @Path("{runId}/evolution.gif")
    @Produces("image/gif")
    public Response evolution(@PathParam("runId") String runId) {
        List<Integer> epochs = existing(runId);
        if (epochs.isEmpty()) {
            throw new NotFoundException("Run '" + runId + "' has no sample grids yet; the first appears when epoch 1 ends.");
        }
        List<BufferedImage> frames = new ArrayList<>();
        for (int index : EvolutionGif.pick(epochs.size(), settings.maxGifFrames())) {
            int epoch = epochs.get(index);
            runs.grid(runId, epoch).map(RunResource::decode).ifPresent(frames::add);
        }
        byte[] gif = EvolutionGif.write(frames, settings.gifFrameDelayMillis());
        return Response.ok(gif, "image/gif")
                .header("Content-Disposition", "attachment; filename=\"" + runId + "-evolution.gif\"")
                .header("Cache-Control", "no-cache")
                .build();
    }

    private List<Integer> existing(String runId) {
        Names.requireRunId(runId);
        List<Integer> epochs = runs.gridEpochs(runId);
        if (epochs.isEmpty() && runs.run(runId).isEmpty()) {
            throw noSuchRun(runId);
        }
        return epochs;
    }

    private static NotFoundException noSuchRun(String runId) {
        return new NotFoundException("There is no run '" + runId + "'. GET /api/runs lists the runs.");
    }

    private static BufferedImage decode(byte[] png) {
        // An in-memory stream (ImageIO.read(InputStream) would cache the image in a temporary file); read closes it.
        try {
            return ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(png)));
        } catch (IOException e) {
            throw new IllegalStateException("a stored grid is not a readable PNG: " + e.getMessage(), e);
        }
    }

    public record Grid(int epoch, String url, boolean checkpoint) {
    }
}
