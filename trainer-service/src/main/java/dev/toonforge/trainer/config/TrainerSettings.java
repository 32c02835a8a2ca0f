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

    /** When set, a dataset that reaches this many images and has no run gets one with the auto-start preset. */
    Optional<Integer> autoStartMinImages();

    @WithDefault("tiny-32")
    String autoStartPreset();

    @WithDefault("50")
    int autoStartEpochs();
}
