package dev.toonforge.trainer.service;

import dev.toonforge.trainer.config.TrainerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** With {@code toonforge.trainer.auto-start-min-images} set, a dataset that reaches it and has no run gets one. */
@ApplicationScoped
public class AutoStarter {

    private static final Logger LOG = Logger.getLogger(AutoStarter.class);

    private final TrainerSettings settings;
    private final RunService runs;
    private final TrainingWorker worker;

    public AutoStarter(TrainerSettings settings, RunService runs, TrainingWorker worker) {
        this.settings = settings;
        this.runs = runs;
        this.worker = worker;
    }

    public synchronized void datasetGrew(String dataset, int imageCount) {
        Integer threshold = settings.autoStartMinImages().orElse(null);
        if (threshold == null || imageCount < threshold || runs.hasRunFor(dataset)) {
            return;
        }
        try {
            var run = runs.create(new RunRequest(dataset, settings.autoStartPreset(), settings.autoStartEpochs(), null, null,
                    null, null, null, null));
            LOG.infof("Dataset %s reached %d images: started run %s automatically", dataset, imageCount, run.runId());
            worker.enqueue(run.runId());
        } catch (InvalidRunException e) {
            LOG.warnf("Dataset %s reached %d images but no run could start: %s", dataset, imageCount, e.getMessage());
        }
    }
}
