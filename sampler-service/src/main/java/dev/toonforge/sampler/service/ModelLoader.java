package dev.toonforge.sampler.service;

import dev.toonforge.dcgan.Generator;
import dev.toonforge.sampler.storage.CheckpointReader;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;

/** Reads one checkpoint's generator into a {@link LoadedModel}, logging one line per load. */
@ApplicationScoped
public class ModelLoader {

    private static final Logger LOG = Logger.getLogger(ModelLoader.class);

    private final CheckpointReader reader;

    public ModelLoader(CheckpointReader reader) {
        this.reader = reader;
    }

    /** Empty when the checkpoint is no longer stored (the trainer's retention removed it). */
    public Optional<LoadedModel> load(String runId, String dataset, String preset, int epoch, String checkpointKey,
                                      Instant publishedAt, String why) {
        long started = System.nanoTime();
        Optional<Generator> generator = reader.generator(checkpointKey);
        if (generator.isEmpty()) {
            LOG.warnf("Checkpoint %s of run %s is not stored; nothing loaded", checkpointKey, runId);
            return Optional.empty();
        }
        LoadedModel model = new LoadedModel(runId, dataset, preset, epoch, checkpointKey, publishedAt, Instant.now(),
                generator.get());
        LOG.infof("Loaded model run=%s dataset=%s epoch=%d (%s, %d px) in %d ms (%s)", runId, dataset, epoch, preset,
                model.imageSize(), (System.nanoTime() - started) / 1_000_000, why);
        return Optional.of(model);
    }
}
