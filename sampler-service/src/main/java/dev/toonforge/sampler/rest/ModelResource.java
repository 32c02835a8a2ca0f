package dev.toonforge.sampler.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.common.security.RequiresToken;
import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.storage.ServingChoice;
import dev.toonforge.sampler.service.GeneratorBatcher;
import dev.toonforge.sampler.service.InvalidSampleRequestException;
import dev.toonforge.sampler.service.LoadedModel;
import dev.toonforge.sampler.service.ModelRegistry;
import dev.toonforge.sampler.service.SampleService;
import dev.toonforge.sampler.service.ServingChoices;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What this instance has loaded and serves, how its generator thread is doing, and the choice of the model each
 * dataset serves: pin a run's epoch, unpin (back to the newest), roll back to the choice before. Reads are open;
 * changes need the API token.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ModelResource {

    private final ModelRegistry registry;
    private final SampleService samples;
    private final ServingChoices choices;

    public ModelResource(ModelRegistry registry, SampleService samples, ServingChoices choices) {
        this.registry = registry;
        this.samples = samples;
        this.choices = choices;
    }

    /**
     * @param serving  whether this model answers requests for its dataset that name no run or epoch
     * @param servedAs why it serves: {@code "pinned"} or {@code "newest"}; null when it does not serve its dataset
     */
    public record ModelView(String runId, String dataset, String preset, int epoch, int imageSize, int noiseSize,
                            String checkpointKey, Instant publishedAt, Instant loadedAt, boolean serving,
                            String servedAs) {
    }

    /**
     * What a dataset serves on this instance and the stored choice behind it.
     *
     * @param servedAs   {@code "pinned"} or {@code "newest"}: what this instance serves
     * @param runId      the run of the served model (null when none is loaded)
     * @param epoch      the epoch of the served model (null when none is loaded)
     * @param revision   the stored choice's revision (0: never changed, the dataset serves its newest)
     * @param applied    whether this instance has applied that revision
     * @param choice     the stored choice
     * @param previous   the choices served before, newest first ({@code rollback} returns to the first)
     */
    public record ServedView(String dataset, String servedAs, String runId, Integer epoch, String checkpointKey,
                             long revision, boolean applied, ServingChoice.Choice choice,
                             List<ServingChoice.Choice> previous) {
    }

    public record StatsView(long requests, long passes, long images, double meanImagesPerPass, int queuedImages) {
    }

    @GET
    @Path("models")
    public List<ModelView> models() {
        return registry.all().stream().map(this::view).toList();
    }

    @GET
    @Path("models/{dataset}")
    public ServedView served(@PathParam("dataset") String dataset) {
        ServingChoice stored = choices.stored(dataset);
        return served(stored, choices.appliedRevision(dataset) >= stored.revision());
    }

    /** Body {@code {"runId": "...", "epoch": N}}: the dataset serves that checkpoint until unpinned. */
    @PUT
    @Path("models/{dataset}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresToken
    public Response pin(@PathParam("dataset") String dataset, String body) {
        JsonNode json = pinBody(body);
        return answer(choices.pin(dataset, json.get("runId").textValue(), json.get("epoch").intValue()));
    }

    @DELETE
    @Path("models/{dataset}")
    @RequiresToken
    public Response unpin(@PathParam("dataset") String dataset) {
        return answer(choices.unpin(dataset));
    }

    @POST
    @Path("models/{dataset}/rollback")
    @RequiresToken
    public Response rollback(@PathParam("dataset") String dataset) {
        return answer(choices.rollback(dataset));
    }

    @GET
    @Path("stats")
    public StatsView stats() {
        GeneratorBatcher.Stats s = samples.stats();
        return new StatsView(s.requests(), s.passes(), s.images(), s.meanImagesPerPass(), s.queuedImages());
    }

    /** 200 once this instance serves the change; 202 when it is stored and announced but not applied here yet. */
    private Response answer(ServingChoices.Change change) {
        return Response.status(change.applied() ? Response.Status.OK : Response.Status.ACCEPTED)
                .entity(served(change.choice(), change.applied()))
                .build();
    }

    private ServedView served(ServingChoice stored, boolean applied) {
        String dataset = stored.dataset();
        Optional<LoadedModel> serving = registry.serving(dataset);
        String servedAs = registry.pinnedModel(dataset).isPresent() ? ServingChoice.PINNED : ServingChoice.NEWEST;
        return new ServedView(dataset, servedAs, serving.map(LoadedModel::runId).orElse(null),
                serving.map(LoadedModel::epoch).orElse(null), serving.map(LoadedModel::checkpointKey).orElse(null),
                stored.revision(), applied, stored.current(), stored.previous());
    }

    private static JsonNode pinBody(String body) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : Json.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidSampleRequestException("The body is not JSON (" + e.getOriginalMessage()
                    + "); send {\"runId\": \"<run id>\", \"epoch\": <N>}.");
        }
        if (json == null || !json.isObject()) {
            throw new InvalidSampleRequestException("Send a JSON object {\"runId\": \"<run id>\", \"epoch\": <N>}.");
        }
        JsonNode runId = json.get("runId");
        if (runId == null || !runId.isTextual() || runId.textValue().isBlank()) {
            throw new InvalidSampleRequestException("\"runId\" is missing; send {\"runId\": \"<run id>\", \"epoch\": <N>}"
                    + " (run ids are listed by GET /api/models and the trainer's GET /api/runs).");
        }
        JsonNode epoch = json.get("epoch");
        if (epoch == null || !epoch.isIntegralNumber() || !epoch.canConvertToInt()) {
            throw new InvalidSampleRequestException("\"epoch\" must be a whole number of 1 or more.");
        }
        if (epoch.intValue() < 1) {
            throw new InvalidSampleRequestException("\"epoch\" must be 1 or more, not " + epoch.intValue() + ".");
        }
        return json;
    }

    private ModelView view(LoadedModel m) {
        boolean serving = registry.isServing(m);
        String servedAs = !serving ? null
                : registry.pinnedModel(m.dataset()).isPresent() ? ServingChoice.PINNED : ServingChoice.NEWEST;
        return new ModelView(m.runId(), m.dataset(), m.preset(), m.epoch(), m.imageSize(), m.generator().noiseSize(),
                m.checkpointKey(), m.publishedAt(), m.loadedAt(), serving, servedAs);
    }
}
