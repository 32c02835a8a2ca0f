package dev.toonforge.trainer.service;

import dev.toonforge.common.storage.ObjectStore;
import dev.toonforge.common.storage.StorageUnavailableException;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.RunManifest;
import dev.toonforge.contracts.storage.RunManifest.RunState;
import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.dcgan.Preset;
import dev.toonforge.trainer.config.TrainerSettings;
import dev.toonforge.trainer.storage.DatasetIndexStore;
import dev.toonforge.trainer.storage.RunStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** The runs this trainer knows, their validation and state changes; every change is saved to run.json. */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class);
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RunStore runStore;
    private final ObjectStore store;
    private final DatasetIndexStore indexes;
    private final TrainerSettings settings;
    private final Map<String, RunManifest> runs = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    public RunService(RunStore runStore, ObjectStore store, DatasetIndexStore indexes, TrainerSettings settings) {
        this.runStore = runStore;
        this.store = store;
        this.indexes = indexes;
        this.settings = settings;
    }

    /** Loads every run.json (at start). */
    public void loadAll() {
        runStore.all().forEach(run -> runs.put(run.runId(), run));
    }

    public RunManifest create(RunRequest request) {
        if (request == null || request.dataset() == null) {
            throw new InvalidRunException("The request needs a \"dataset\".");
        }
        String dataset = Names.requireDataset(request.dataset());
        DatasetManifest manifest = store.getJson(ObjectKeys.datasetManifest(dataset), DatasetManifest.class)
                .orElseThrow(() -> new InvalidRunException("Dataset '" + dataset + "' does not exist; upload images first."));
        Preset preset = preset(request.preset(), manifest.imageSize());
        if (preset.imageSize() != manifest.imageSize()) {
            throw new InvalidRunException("Preset '" + preset.name() + "' trains on " + preset.imageSize() + " px images; dataset '"
                    + dataset + "' holds " + manifest.imageSize() + " px images.");
        }
        DcganConfig defaults = DcganConfig.forPreset(preset);
        int batchSize = positive(request.batchSize(), defaults.batchSize(), "batchSize");
        int epochs = positive(request.epochs(), settings.defaultEpochs(), "epochs");
        int images = indexes.size(dataset);
        if (images < batchSize) {
            throw new InvalidRunException("Dataset '" + dataset + "' has " + images + " images the trainer has heard of; a run with batch size "
                    + batchSize + " needs at least " + batchSize + ".");
        }
        double lrD = positive(request.lrD(), defaults.learningRateD(), "lrD");
        double lrG = positive(request.lrG(), defaults.learningRateG(), "lrG");
        double beta1 = request.beta1() != null ? request.beta1() : defaults.beta1();
        if (beta1 < 0 || beta1 >= 1) {
            throw new InvalidRunException("beta1 must be in [0, 1), was " + beta1 + ".");
        }
        double noise = request.instanceNoise() != null ? request.instanceNoise() : defaults.instanceNoiseStd();
        if (noise < 0) {
            throw new InvalidRunException("instanceNoise must be 0 (off) or positive, was " + noise + ".");
        }
        long seed = request.seed() != null ? request.seed() : RANDOM.nextLong() & Long.MAX_VALUE;
        Instant now = clock.instant();
        String runId = newRunId(dataset, now);
        RunManifest run = new RunManifest(RunManifest.SCHEMA_VERSION, runId, dataset, preset.name(), preset.imageSize(),
                RunState.queued, epochs, 0, 0, seed, batchSize, lrD, lrG, beta1, noise, null, null, null, null, null, null,
                now, now);
        save(run);
        LOG.infof("Run %s created: dataset %s (%d images), preset %s, %d epochs, batch %d, lrD %s, lrG %s, seed %d", runId,
                dataset, images, preset.name(), epochs, batchSize, lrD, lrG, seed);
        return run;
    }

    public List<RunManifest> list() {
        return runs.values().stream().sorted(Comparator.comparing(RunManifest::createdAt).reversed()).toList();
    }

    public Optional<RunManifest> find(String runId) {
        return Optional.ofNullable(runs.get(Names.requireRunId(runId)));
    }

    public boolean hasRunFor(String dataset) {
        return runs.values().stream().anyMatch(r -> r.dataset().equals(dataset));
    }

    /** Applies a change to a run and saves it. */
    public RunManifest update(String runId, UnaryOperator<RunManifest> change) {
        RunManifest updated = runs.compute(runId, (id, run) -> {
            if (run == null) {
                throw new IllegalStateException("unknown run " + id);
            }
            return change.apply(run).withUpdatedAt(clock.instant());
        });
        runStore.save(updated);
        return updated;
    }

    /** For frequent progress: the change is kept in memory and saved when the store answers; it never fails the run. */
    public void updateIfStoreAnswers(String runId, UnaryOperator<RunManifest> change) {
        try {
            update(runId, change);
        } catch (StorageUnavailableException e) {
            LOG.debugf("run.json of %s not saved this time: %s", runId, e.getMessage());
        }
    }

    public RunManifest setState(String runId, RunState state, String error) {
        return update(runId, r -> r.withState(state, error));
    }

    /** The DCGAN configuration a run trains with. */
    public static DcganConfig dcganConfig(RunManifest run) {
        DcganConfig d = DcganConfig.forPreset(run.preset());
        return new DcganConfig(d.preset(), d.noiseSize(), run.batchSize(), run.learningRateD(), run.learningRateG(),
                run.beta1(), run.instanceNoiseStd(), d.realLabel(), d.fakeLabel(), d.discriminatorSteps(), d.randomFlip(),
                d.noiseDistribution());
    }

    private void save(RunManifest run) {
        runStore.save(run);
        runs.put(run.runId(), run);
    }

    private static Preset preset(String name, int datasetSize) {
        if (name == null || name.isBlank()) {
            return Preset.all().stream().filter(p -> p.imageSize() == datasetSize).findFirst()
                    .orElseThrow(() -> new InvalidRunException("No preset trains on " + datasetSize + " px images."));
        }
        try {
            return Preset.byName(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidRunException("Unknown preset '" + name + "'; choose one of "
                    + Preset.all().stream().map(Preset::name).toList() + ".");
        }
    }

    private static int positive(Integer value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new InvalidRunException(name + " must be at least 1, was " + value + ".");
        }
        return value;
    }

    private static double positive(Double value, double fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (!(value > 0)) {
            throw new InvalidRunException(name + " must be positive, was " + value + ".");
        }
        return value;
    }

    private static String newRunId(String dataset, Instant now) {
        String base = dataset.length() > 56 ? dataset.substring(0, 56) : dataset;
        byte[] random = new byte[2];
        RANDOM.nextBytes(random);
        return base + "-" + RUN_TIME.format(now) + "-" + HexFormat.of().formatHex(random);
    }
}
