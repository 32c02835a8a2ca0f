package dev.toonforge.sampler.service;

import dev.toonforge.contracts.events.DatasetDeleted;
import dev.toonforge.contracts.events.RunDeleted;
import dev.toonforge.contracts.storage.ServingChoice;
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
        Optional.ofNullable(event.dataset()).or(() -> dataset).ifPresent(d -> unpinIfPinnedTo(d, event.runId()));
    }

    /**
     * A run deleted with {@code ?force=true} may still be the stored pin of its dataset: the stored choice becomes the
     * newest (a new revision, announced like any unpin), so the choice in force never names a deleted run. Every instance
     * tries; after the first, the stored choice is already the newest and nothing is written.
     */
    private void unpinIfPinnedTo(String dataset, String runId) {
        try {
            ServingChoice stored = choices.stored(dataset);
            if (stored.current() != null && stored.current().isPinned() && runId.equals(stored.current().runId())) {
                choices.unpin(dataset);
                LOG.infof("Run %s was deleted: the pin of dataset %s on it is replaced by the newest", runId, dataset);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Run %s was deleted; the stored pin of dataset %s on it was not replaced: %s", runId, dataset,
                    e.getMessage());
        }
    }

    public void datasetDeleted(DatasetDeleted event) {
        List<String> runs = registry.forgetDataset(event.dataset());
        epochs.forgetDataset(event.dataset());
        choices.forgetDataset(event.dataset());
        LOG.infof("Dataset %s was deleted: it serves nothing now (%d run(s) forgotten)", event.dataset(), runs.size());
    }
}
