package dev.toonforge.sampler.service;

import dev.toonforge.contracts.events.CheckpointPublished;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Applies published checkpoints (from events or from the start-up scan) to the registry: load if newer, then swap. */
@ApplicationScoped
public class CheckpointUpdates {

    private static final Logger LOG = Logger.getLogger(CheckpointUpdates.class);

    private final ModelRegistry registry;
    private final ModelLoader loader;

    public CheckpointUpdates(ModelRegistry registry, ModelLoader loader) {
        this.registry = registry;
        this.loader = loader;
    }

    /**
     * Loads a checkpoint if it is newer than what the dataset serves and swaps it in; {@code why} ("event", "start-up
     * scan") goes into the log line. Returns whether the checkpoint was loaded.
     */
    public boolean apply(CheckpointPublished checkpoint, String why) {
        if (!registry.wants(checkpoint.runId(), checkpoint.dataset(), checkpoint.epoch(), checkpoint.publishedAt())) {
            LOG.debugf("Ignoring checkpoint %s: not newer than what is loaded", checkpoint.checkpointId());
            return false;
        }
        return loader.load(checkpoint.runId(), checkpoint.dataset(), checkpoint.preset(), checkpoint.epoch(),
                        checkpoint.checkpointKey(), checkpoint.publishedAt(), why)
                .map(registry::offer)
                .isPresent();
    }
}
