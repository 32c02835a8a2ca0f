package dev.toonforge.trainer.service;

import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.RunConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A run's configuration is decided here, once: defaults filled in, bad values refused with what to send instead. */
class RunRequestValidatorTest {

    private static final DatasetManifest SMALL_32 = DatasetManifest.create("faces", 32, Instant.parse("2026-11-27T10:00:00Z"));
    private static final DatasetManifest LARGE_128 = DatasetManifest.create("simpsons", 128, Instant.parse("2026-11-27T10:00:00Z"));

    @Test
    void aRequestNamingOnlyTheDatasetGetsThePresetOfItsSizeAndItsDefaults() {
        RunConfig small = RunRequestValidator.validate(request(null, null, null, null, null, null, null, null), SMALL_32,
                500, 300, 99);
        RunConfig large = RunRequestValidator.validate(request(null, null, null, null, null, null, null, null), LARGE_128,
                500, 300, 99);

        assertThat(small).isEqualTo(new RunConfig("faces", "tiny-32", 32, 300, 99, 64, 2e-4, 2e-4, 0.5, 0.05));
        assertThat(large.preset()).isEqualTo("seed-128");
        assertThat(large.learningRateD()).as("the seed-128 preset's own rates").isEqualTo(4e-5);
        assertThat(large.learningRateG()).isEqualTo(4e-4);
    }

    @Test
    void whatTheRequestSaysWins() {
        RunConfig config = RunRequestValidator.validate(request("tiny-32", 5, 16, 1e-3, 2e-3, 0.9, 0.0, 7L), SMALL_32, 20,
                300, 99);

        assertThat(config).isEqualTo(new RunConfig("faces", "tiny-32", 32, 5, 7, 16, 1e-3, 2e-3, 0.9, 0.0));
    }

    @Test
    void eachBadValueIsRefusedWithItsName() {
        assertRefused(request("huge-512", null, null, null, null, null, null, null), "Unknown preset 'huge-512'");
        assertRefused(request("seed-128", null, null, null, null, null, null, null), "holds 32 px images");
        assertRefused(request(null, 0, null, null, null, null, null, null), "epochs must be at least 1, was 0");
        assertRefused(request(null, null, -3, null, null, null, null, null), "batchSize must be at least 1, was -3");
        assertRefused(request(null, null, null, 0.0, null, null, null, null), "lrD must be positive, was 0.0");
        assertRefused(request(null, null, null, null, Double.NaN, null, null, null), "lrG must be positive, was NaN");
        assertRefused(request(null, null, null, null, Double.POSITIVE_INFINITY, null, null, null), "lrG must be positive");
        assertRefused(request(null, null, null, null, null, 1.0, null, null), "beta1 must be in [0, 1), was 1.0");
        assertRefused(request(null, null, null, null, null, Double.NaN, null, null), "beta1 must be in [0, 1)");
        assertRefused(request(null, null, null, null, null, null, -0.1, null), "instanceNoise must be 0 (off) or positive");
    }

    @Test
    void aDatasetSmallerThanOneBatchIsRefused() {
        assertThatThrownBy(() -> RunRequestValidator.validate(request(null, null, 64, null, null, null, null, null),
                SMALL_32, 63, 300, 1))
                .isInstanceOf(InvalidRunException.class)
                .hasMessage("Dataset 'faces' has 63 images; a run with batch size 64 needs at least 64.");
        assertThat(RunRequestValidator.validate(request(null, null, 64, null, null, null, null, null), SMALL_32, 64, 300, 1)
                .batchSize()).isEqualTo(64);
    }

    private static void assertRefused(RunRequest request, String message) {
        assertThatThrownBy(() -> RunRequestValidator.validate(request, SMALL_32, 500, 300, 1))
                .isInstanceOfSatisfying(InvalidRunException.class, e -> assertThat(e.isConflict()).isFalse())
                .hasMessageContaining(message);
    }

    private static RunRequest request(String preset, Integer epochs, Integer batchSize, Double lrD, Double lrG,
                                      Double beta1, Double noise, Long seed) {
        return new RunRequest("faces", preset, epochs, batchSize, lrD, lrG, beta1, noise, seed);
    }
}
