package dev.toonforge.sampler.rest;

import dev.toonforge.sampler.service.GeneratorBatcher;
import dev.toonforge.sampler.service.LoadedModel;
import dev.toonforge.sampler.service.ModelRegistry;
import dev.toonforge.sampler.service.SampleService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.util.List;

/** What this instance has loaded, and how its generator thread is doing. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final ModelRegistry registry;
    private final SampleService samples;

    public ModelResource(ModelRegistry registry, SampleService samples) {
        this.registry = registry;
        this.samples = samples;
    }

    /** @param serving whether this model answers requests for its dataset that name no run or epoch */
    public record ModelView(String runId, String dataset, String preset, int epoch, int imageSize, int noiseSize,
                            String checkpointKey, Instant publishedAt, Instant loadedAt, boolean serving) {
    }

    public record StatsView(long requests, long passes, long images, double meanImagesPerPass, int queuedImages) {
    }

    @GET
    @Path("models")
    public List<ModelView> models() {
        return registry.all().stream().map(this::view).toList();
    }

    @GET
    @Path("stats")
    public StatsView stats() {
        GeneratorBatcher.Stats s = samples.stats();
        return new StatsView(s.requests(), s.passes(), s.images(), s.meanImagesPerPass(), s.queuedImages());
    }

    private ModelView view(LoadedModel m) {
        return new ModelView(m.runId(), m.dataset(), m.preset(), m.epoch(), m.imageSize(), m.generator().noiseSize(),
                m.checkpointKey(), m.publishedAt(), m.loadedAt(), registry.isServing(m));
    }
}
