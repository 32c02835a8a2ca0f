package dev.toonforge.trainer.service;

import dev.toonforge.trainer.config.TrainerSettings;
import dev.toonforge.trainer.ownership.RunAssignments;
import dev.toonforge.trainer.ownership.TrainersUnreachableException;
import dev.toonforge.common.storage.DatasetImages;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** With {@code toonforge.trainer.auto-start-min-images} set, a dataset that reaches it and has no run gets one. */
@ApplicationScoped
public class AutoStarter {

    private static final Logger LOG = Logger.getLogger(AutoStarter.class);

    private final TrainerSettings settings;
    private final RunService runs;
    private final RunAssignments assignments;
    private final DatasetImages datasets;

    public AutoStarter(TrainerSettings settings, RunService runs, RunAssignments assignments, DatasetImages datasets) {
        this.settings = settings;
        this.runs = runs;
        this.assignments = assignments;
        this.datasets = datasets;
    }

    /** Called when images were added to {@code dataset}; counts them only when a start is possible. */
    public synchronized void datasetGrew(String dataset) {
        Integer threshold = settings.autoStartMinImages().orElse(null);
        if (threshold == null || runs.hasRunFor(dataset)) {
            return;
        }
        int imageCount = datasets.count(dataset);
        if (imageCount < threshold) {
            return;
        }
        try {
            var run = runs.create(new RunRequest(dataset, settings.autoStartPreset(), settings.autoStartEpochs(), null, null,
                    null, null, null, null));
            LOG.infof("Dataset %s reached %d images: started run %s automatically", dataset, imageCount, run.runId());
            assignments.assignNew(run);
        } catch (TrainersUnreachableException e) {
            LOG.warnf("Dataset %s reached %d images: %s", dataset, imageCount, e.getMessage());
        } catch (InvalidRunException e) {
            LOG.warnf("Dataset %s reached %d images but no run could start: %s", dataset, imageCount, e.getMessage());
        }
    }
}
