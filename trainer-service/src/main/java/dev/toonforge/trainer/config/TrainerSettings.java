package dev.toonforge.trainer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** {@code toonforge.trainer.*}; every key can be set from the environment (TOONFORGE_TRAINER_PROGRESS_EVERY_STEPS, ...). */
@ConfigMapping(prefix = "toonforge.trainer")
public interface TrainerSettings {

    /** A {@code training.progress} event and a log line every this many steps. */
    @WithDefault("10")
    int progressEverySteps();

    /**
     * A run's {@code training.progress} events go out at most this often (seconds); an event with a new score and the
     * last epoch's always go out. Log lines are not paced. 0: an event every report.
     */
    @WithDefault("0.5")
    double progressEventSeconds();

    /** Checkpoints kept: the newest K ... */
    @WithDefault("3")
    int keepLastCheckpoints();

    /** ... plus every Mth epoch (0: none). Sample grids are always kept. */
    @WithDefault("10")
    int keepEveryNthCheckpoint();

    /** Epochs of a run when the request does not say. */
    @WithDefault("300")
    int defaultEpochs();

    /** Decoded training images kept in memory; beyond this they spill to {@link #cacheDir()}. */
    @WithDefault("2048")
    int cacheMemoryMb();

    @WithDefault("${java.io.tmpdir}/toonforge-trainer-cache")
    String cacheDir();

    /** Images fetched and decoded at once when a run loads the images it has not cached yet. */
    @WithDefault("8")
    int datasetFetchThreads();

    /**
     * A checkpoint (with the metrics up to it, latest.json and the checkpoints.published event) at most this often: an
     * epoch stores one when this long has passed since the previous checkpoint, and the last epoch and a stop always
     * do. 0: every epoch. Every epoch still stores its grid.
     */
    @WithDefault("30")
    double checkpointEverySeconds();

    /**
     * A run lists its dataset again (new images join) at the first epoch this long after the previous listing; 0: every
     * epoch. On a few hundred images an epoch is a few steps, and a listing per epoch would cost as much.
     */
    @WithDefault("30")
    double datasetRefreshSeconds();

    /**
     * A run's progress (step, losses, speed, ETA) is saved to run.json at most this often; in between it is kept in
     * memory, where the API reads it, and live progress goes out on {@code training.progress}. State changes,
     * checkpoints and scores are saved when they happen, with the newest progress. 0: every report.
     */
    @WithDefault("5")
    double progressSaveSeconds();

    /** Epochs whose storage (grid, checkpoint, events) may wait behind training before training waits for it. */
    @WithDefault("4")
    int publishBacklogEpochs();

    /** Real images the quality score compares against: the dataset's first ones by key (all, when it has fewer). */
    @WithDefault("256")
    int scoreImages();

    /** Generated images per score, from noise vectors fixed for every run, so scores of a dataset's runs compare. */
    @WithDefault("256")
    int scoreSamples();

    /**
     * The share of training time scoring may take, its setup included: the trainer measures every k epochs to stay
     * under it.
     */
    @WithDefault("0.02")
    double scoreMaxShare();

    /** Collapse: the generated samples' diversity ratio (their spread over the real images') below this. */
    @WithDefault("0.1")
    double collapseDiversityBelow();

    /** ... judged from this many steps on (an untrained generator draws nearly one image for every z). */
    @WithDefault("200")
    long collapseAfterSteps();

    /** A discriminator that wins outright is judged over this many steps ... */
    @WithDefault("200")
    int discriminatorWinsWindowSteps();

    /** ... its mean loss below this (its floor with the real label 0.9 is about 0.325) ... */
    @WithDefault("0.4")
    double discriminatorWinsDLossBelow();

    /** ... while the generator's loss over the newer half of the window is above this and above the older half's. */
    @WithDefault("4.0")
    double discriminatorWinsGLossAbove();

    /** When set, a dataset that reaches this many images and has no run gets one with the auto-start preset. */
    Optional<Integer> autoStartMinImages();

    @WithDefault("tiny-32")
    String autoStartPreset();

    @WithDefault("50")
    int autoStartEpochs();

    /**
     * Partitions of {@code training.runs} when the trainer creates the topic: the most trainers that can share runs
     * (each owns a share of the partitions, and with them the runs whose records are on them).
     */
    @WithDefault("12")
    int runPartitions();

    /**
     * How long a trainer may be silent before the others take its runs over (the consumer group's session timeout);
     * at least the broker's {@code group.min.session.timeout.ms} (6 s by default). A run taken over resumes from its
     * latest checkpoint.
     */
    @WithDefault("30")
    int failoverSeconds();

    /** The consumer group of the trainers on {@code training.runs}; trainers that share runs share it. */
    @WithDefault("toonforge-trainers")
    String ownershipGroup();
}
