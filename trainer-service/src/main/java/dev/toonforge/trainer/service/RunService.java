package dev.toonforge.trainer.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.common.storage.StorageUnavailableException;
import dev.toonforge.contracts.naming.Names;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.InitFrom;
import dev.toonforge.contracts.storage.RunLabels;
import dev.toonforge.contracts.storage.RunManifest;
import dev.toonforge.contracts.storage.RunConfig;
import dev.toonforge.contracts.storage.RunProgress;
import dev.toonforge.contracts.storage.RunState;
import dev.toonforge.dcgan.Augmentation;
import dev.toonforge.dcgan.DcganConfig;
import dev.toonforge.trainer.config.TrainerSettings;
import dev.toonforge.common.storage.DatasetImages;
import dev.toonforge.trainer.storage.CheckpointStore;
import dev.toonforge.trainer.storage.RunStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The runs this trainer knows and their state changes; every change is saved to run.json. A run's configuration is
 * validated once, when it is created ({@link RunRequestValidator}); after that only its progress changes, along the
 * moves {@link RunState} allows.
 */
@ApplicationScoped
public class RunService {

    private static final Logger LOG = Logger.getLogger(RunService.class);
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RunStore runStore;
    private final DatasetImages datasets;
    private final TrainerSettings settings;
    private final CheckpointStore checkpoints;
    private final Map<String, RunManifest> runs = new ConcurrentHashMap<>();
    /** Runs queued or training on this instance: their view in memory is newer than their run.json. */
    private final Set<String> trainingHere = ConcurrentHashMap.newKeySet();
    private final Clock clock = Clock.systemUTC();

    public RunService(RunStore runStore, DatasetImages datasets, TrainerSettings settings, CheckpointStore checkpoints) {
        this.runStore = runStore;
        this.datasets = datasets;
        this.settings = settings;
        this.checkpoints = checkpoints;
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
        DatasetManifest manifest = datasets.manifest(dataset)
                .orElseThrow(() -> new InvalidRunException("Dataset '" + dataset + "' does not exist; upload images first."));
        RunLabels labels = RunRequestValidator.labels(request.name(), request.note());
        InitFrom initFrom = RunRequestValidator.initFrom(request.initFrom());
        RunRequest effective = initFrom == null ? request : checkSource(request, initFrom, manifest);
        int images = datasets.count(dataset);
        RunConfig config = RunRequestValidator.validate(effective, manifest, images, settings.defaultEpochs(),
                RANDOM.nextLong() & Long.MAX_VALUE);
        Instant now = clock.instant();
        RunManifest run = RunManifest.created(newRunId(dataset, now), config, labels, now);
        runStore.save(run);
        runs.put(run.runId(), run);
        LOG.infof("Run %s created: dataset %s (%d images), preset %s, %d epochs, batch %d, lrD %s, lrG %s, seed %d",
                run.runId(), dataset, images, config.preset(), config.epochs(), config.batchSize(), config.learningRateD(),
                config.learningRateG(), config.seed());
        if (initFrom != null) {
            LOG.infof("Run %s starts from run %s epoch %d (%s optimizer state)", run.runId(), initFrom.runId(),
                    initFrom.epoch(), initFrom.optimizerState());
        }
        return run;
    }

    /**
     * A fine-tune source must be a known run with the checkpoint of that epoch stored, of the dataset's image size; the
     * new run keeps the source's preset (the request's default preset becomes the source's).
     */
    private RunRequest checkSource(RunRequest request, InitFrom from, DatasetManifest dataset) {
        RunManifest source = findShared(from.runId()).orElse(null);
        if (source == null) {
            throw new InvalidRunException("initFrom names run '" + from.runId() + "', which does not exist.");
        }
        RunConfig sourceConfig = source.config();
        if (sourceConfig.imageSize() != dataset.imageSize()) {
            throw new InvalidRunException("Run '" + from.runId() + "' is a " + sourceConfig.preset() + " model of "
                    + sourceConfig.imageSize() + " px images; dataset '" + dataset.dataset() + "' holds "
                    + dataset.imageSize() + " px images. A fine-tuned run trains on images of its source's size.");
        }
        if (request.preset() != null && !request.preset().isBlank() && !request.preset().equals(sourceConfig.preset())) {
            throw new InvalidRunException("Run '" + from.runId() + "' is a " + sourceConfig.preset()
                    + " model; this request asks for preset '" + request.preset() + "'. A fine-tuned run keeps its"
                    + " source's preset (leave \"preset\" out or send \"" + sourceConfig.preset() + "\").");
        }
        List<Integer> stored = checkpoints.storedEpochs(from.runId());
        if (!stored.contains(from.epoch())) {
            throw new InvalidRunException("Run '" + from.runId() + "' has no stored checkpoint of epoch " + from.epoch()
                    + "; stored epochs: " + stored + ".");
        }
        return request.preset() == null || request.preset().isBlank() ? request.withPreset(sourceConfig.preset()) : request;
    }

    /**
     * Applies {@code PATCH /api/runs/{runId}}: {@code "name"} and {@code "note"} as given (null or blank: unset), the
     * fields left out unchanged; saved to run.json.
     */
    public RunManifest relabel(String runId, JsonNode patch) {
        Names.requireRunId(runId);
        RunManifest current = runs.get(runId);
        if (current == null) {
            throw new jakarta.ws.rs.NotFoundException("No run " + runId + ".");
        }
        RunLabels labels = RunRequestValidator.labelsPatch(current.labels(), patch);
        RunManifest updated = runs.compute(runId, (id, run) -> run.withLabels(labels, clock.instant()));
        runStore.save(updated);
        LOG.infof("Run %s labelled: name %s", runId, labels.name() == null ? "(none)" : "'" + labels.name() + "'");
        return updated;
    }

    /**
     * Every run in the bucket, whichever trainer created or trains it: run.json for each, this instance's own view for
     * the runs it trains; the view in memory follows.
     */
    public List<RunManifest> listShared() {
        Map<String, RunManifest> stored = new java.util.HashMap<>();
        runStore.all().forEach(run -> stored.put(run.runId(), run));
        runs.keySet().removeIf(id -> !stored.containsKey(id) && !trainingHere.contains(id));
        stored.forEach(this::takeUnlessTrainingHere);
        return list();
    }

    /** The run as {@link #listShared} sees it: from run.json unless this instance trains it. */
    public Optional<RunManifest> findShared(String runId) {
        Names.requireRunId(runId);
        if (trainingHere.contains(runId) && runs.containsKey(runId)) {
            return Optional.of(runs.get(runId));
        }
        Optional<RunManifest> stored = runStore.find(runId);
        stored.ifPresentOrElse(run -> takeUnlessTrainingHere(runId, run), () -> runs.remove(runId));
        return Optional.ofNullable(runs.get(runId));
    }

    /** Takes a run's run.json as this instance's view (a run this instance is about to train or stop). */
    public void adopt(RunManifest run) {
        runs.put(run.runId(), run);
    }

    /** Marks a run as queued or training here ({@code true}) or not any more. */
    public void trainingHere(String runId, boolean here) {
        if (here) {
            trainingHere.add(runId);
        } else {
            trainingHere.remove(runId);
        }
    }

    private void takeUnlessTrainingHere(String runId, RunManifest stored) {
        runs.compute(runId, (id, mine) -> mine != null && trainingHere.contains(id) ? mine : stored);
    }

    public List<RunManifest> list() {
        return runs.values().stream().sorted(Comparator.comparing(RunManifest::createdAt).reversed()).toList();
    }

    public Optional<RunManifest> find(String runId) {
        return Optional.ofNullable(runs.get(Names.requireRunId(runId)));
    }

    /** Drops a deleted run from memory (its objects are removed by {@link RunDeletion}). */
    public void forget(String runId) {
        runs.remove(Names.requireRunId(runId));
        trainingHere.remove(runId);
    }

    /** Whether any trainer has made a run of the dataset (read from the bucket). */
    public boolean hasRunFor(String dataset) {
        return listShared().stream().anyMatch(r -> r.config().dataset().equals(dataset));
    }

    /** Applies a change to a run's progress and saves it. */
    public RunManifest update(String runId, UnaryOperator<RunProgress> change) {
        RunManifest updated = apply(runId, change);
        runStore.save(updated);
        return updated;
    }

    /** For frequent progress: the change is kept in memory and saved when the store answers; it never fails the run. */
    public void updateIfStoreAnswers(String runId, UnaryOperator<RunProgress> change) {
        updateIfStoreAnswers(runId, change, true);
    }

    /**
     * For frequent progress: the change is kept in memory (what the API answers) and, when {@code save}, saved when the
     * store answers; the next save of the run writes it otherwise. It never fails the run.
     */
    public void updateIfStoreAnswers(String runId, UnaryOperator<RunProgress> change, boolean save) {
        RunManifest updated = apply(runId, change);
        if (!save) {
            return;
        }
        try {
            runStore.save(updated);
        } catch (StorageUnavailableException e) {
            LOG.debugf("run.json of %s not saved this time: %s", runId, e.getMessage());
        }
    }

    private RunManifest apply(String runId, UnaryOperator<RunProgress> change) {
        return runs.compute(runId, (id, run) -> {
            if (run == null) {
                throw new IllegalStateException("unknown run " + id);
            }
            return run.withProgress(change, clock.instant());
        });
    }

    /** Moves a run to {@code state}; a move {@link RunState} does not allow is a conflict, and nothing is saved. */
    public RunManifest setState(String runId, RunState state, String error) {
        return update(runId, progress -> {
            if (!progress.state().canBecome(state)) {
                throw new InvalidRunException("Run " + runId + " is " + progress.state() + "; it cannot become " + state + ".",
                        true);
            }
            return progress.withState(state, error);
        });
    }

    /**
     * The DCGAN configuration a run trains with: the preset's fixed parts and the run's own hyperparameters,
     * augmentations and generator average. A resumed run reads its configuration back from its checkpoint instead.
     */
    public static DcganConfig dcganConfig(RunConfig run) {
        DcganConfig d = DcganConfig.forPreset(run.preset());
        Set<Augmentation> augment = EnumSet.noneOf(Augmentation.class);
        run.augmentations().forEach(id -> augment.add(Augmentation.byId(id)));
        return new DcganConfig(d.preset(), d.noiseSize(), run.batchSize(), run.learningRateD(), run.learningRateG(),
                run.beta1(), run.instanceNoiseStd(), d.realLabel(), d.fakeLabel(), d.discriminatorSteps(), augment,
                d.noiseDistribution(), run.emaDecayOrOff());
    }

    private static String newRunId(String dataset, Instant now) {
        String base = dataset.length() > 56 ? dataset.substring(0, 56) : dataset;
        byte[] random = new byte[2];
        RANDOM.nextBytes(random);
        return base + "-" + RUN_TIME.format(now) + "-" + HexFormat.of().formatHex(random);
    }
}
