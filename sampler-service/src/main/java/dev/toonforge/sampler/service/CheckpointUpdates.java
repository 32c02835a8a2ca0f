package dev.toonforge.sampler.service;

import dev.toonforge.contracts.events.CheckpointPublished;
import dev.toonforge.contracts.storage.LatestCheckpoint;
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

    /** Returns whether the checkpoint was loaded. */
    public boolean apply(CheckpointPublished event) {
        if (!registry.wants(event.runId(), event.dataset(), event.epoch(), event.publishedAt())) {
            LOG.debugf("Ignoring checkpoint %s: not newer than what is loaded", event.checkpointId());
            return false;
        }
        return loader.load(event.runId(), event.dataset(), event.preset(), event.epoch(), event.checkpointKey(),
                        event.publishedAt(), "event")
                .map(registry::offer)
                .isPresent();
    }

    public boolean apply(LatestCheckpoint latest, String why) {
        if (!registry.wants(latest.runId(), latest.dataset(), latest.epoch(), latest.publishedAt())) {
            return false;
        }
        return loader.load(latest.runId(), latest.dataset(), latest.preset(), latest.epoch(), latest.checkpointKey(),
                        latest.publishedAt(), why)
                .map(registry::offer)
                .isPresent();
    }
}
