package dev.toonforge.sampler.service;

import dev.toonforge.contracts.naming.Names;
import dev.toonforge.sampler.config.SamplerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;

import java.awt.image.BufferedImage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Picks the model a request asks for and runs its z vectors through the batching generator thread. */
@ApplicationScoped
public class SampleService {

    private final ModelRegistry registry;
    private final EpochCache epochs;
    private final GeneratorBatcher batcher;
    private final SamplerSettings settings;

    public SampleService(ModelRegistry registry, EpochCache epochs, GeneratorBatcher batcher, SamplerSettings settings) {
        this.registry = registry;
        this.epochs = epochs;
        this.batcher = batcher;
        this.settings = settings;
    }

    /**
     * The model for a request: what the dataset serves (its pinned model, else its newest); or the newest of
     * {@code run}; or {@code epoch} of that run (of the run serving the dataset when no run is named). 404 with the
     * reason when there is none.
     */
    public LoadedModel resolve(String dataset, String run, Integer epoch) {
        Names.requireDataset(dataset);
        if (run != null) {
            Names.requireRunId(run);
        }
        if (run == null && epoch == null) {
            return registry.serving(dataset).orElseThrow(() -> noModel(dataset));
        }
        String runId = run != null ? run : registry.serving(dataset).orElseThrow(() -> noModel(dataset)).runId();
        LoadedModel loaded = registry.ofRun(runId).orElse(null);
        LoadedModel model;
        if (loaded != null && (epoch == null || loaded.epoch() == epoch)) {
            model = loaded;
        } else if (epoch != null) {
            model = epochs.get(runId, epoch);
        } else {
            // A run that is not the newest of its dataset: load its newest once; later events for it keep it current.
            model = epochs.get(runId, epochs.latestEpoch(runId));
            registry.offer(model);
        }
        if (!model.dataset().equals(dataset)) {
            throw new NotFoundException("Run '" + runId + "' belongs to dataset '" + model.dataset() + "', not '" + dataset
                    + "'.");
        }
        return model;
    }

    /** One image per row of {@code latents}, in order; waits for the generator thread. */
    public BufferedImage[] generate(LoadedModel model, float[] latents, int count) {
        try {
            return batcher.submit(model.generator(), latents, count)
                    .get(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new SamplerBusyException("the generator did not answer within " + settings.requestTimeoutMs()
                    + " ms; try again shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SamplerBusyException("interrupted while waiting for the generator");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    public GeneratorBatcher.Stats stats() {
        return batcher.stats();
    }

    private NotFoundException noModel(String dataset) {
        return new NotFoundException("No model for dataset '" + dataset + "': no checkpoint of it has been published yet"
                + " (datasets with a model: " + registry.datasets() + ").");
    }
}
