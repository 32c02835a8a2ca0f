package dev.toonforge.sampler.service;

import dev.toonforge.contracts.events.DatasetDeleted;
import dev.toonforge.contracts.events.RunDeleted;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Optional;

/**
 * Applies deletions announced by the other services: a deleted run ({@code runs.deleted}) is no longer served, pinned
 * or not (a dataset pinned to it serves its newest remaining checkpoint); a deleted dataset ({@code datasets.deleted})
 * serves nothing, and a dataset created later under the same name starts without a pin. Repeated events change nothing.
 */
@ApplicationScoped
public class Deletions {

    private static final Logger LOG = Logger.getLogger(Deletions.class);

    private final ModelRegistry registry;
    private final EpochCache epochs;
    private final ServingChoices choices;

    public Deletions(ModelRegistry registry, EpochCache epochs, ServingChoices choices) {
        this.registry = registry;
        this.epochs = epochs;
        this.choices = choices;
    }

    public void runDeleted(RunDeleted event) {
        Optional<String> dataset = registry.forgetRun(event.runId());
        epochs.forgetRun(event.runId());
        dataset.ifPresent(d -> LOG.infof("Run %s was deleted: dataset %s now serves %s", event.runId(), d,
                registry.serving(d).map(LoadedModel::checkpointId).orElse("nothing")));
    }

    public void datasetDeleted(DatasetDeleted event) {
        List<String> runs = registry.forgetDataset(event.dataset());
        epochs.forgetDataset(event.dataset());
        choices.forgetDataset(event.dataset());
        LOG.infof("Dataset %s was deleted: it serves nothing now (%d run(s) forgotten)", event.dataset(), runs.size());
    }
}
