package dev.toonforge.trainer.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.storage.AlarmAction;
import dev.toonforge.contracts.storage.AlarmActions;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.InitFrom;
import dev.toonforge.contracts.storage.RunConfig;
import dev.toonforge.contracts.storage.RunLabels;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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

        assertThat(small).isEqualTo(new RunConfig("faces", "tiny-32", 32, 300, 99, 64, 2e-4, 2e-4, 0.5, 0.05, null, null,
                null, null, List.of("flip"), AlarmActions.WARN));
        assertThat(small.emaDecayOrOff()).as("no generator average unless asked").isZero();
        assertThat(large.preset()).isEqualTo("seed-128");
        assertThat(large.learningRateD()).as("the seed-128 preset's own rates").isEqualTo(4e-5);
        assertThat(large.learningRateG()).isEqualTo(4e-4);
    }

    @Test
    void whatTheRequestSaysWins() {
        RunConfig config = RunRequestValidator.validate(request("tiny-32", 5, 16, 1e-3, 2e-3, 0.9, 0.0, 7L), SMALL_32, 20,
                300, 99);

        assertThat(config).isEqualTo(new RunConfig("faces", "tiny-32", 32, 5, 7, 16, 1e-3, 2e-3, 0.9, 0.0, null, null,
                null, null, List.of("flip"), AlarmActions.WARN));
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

    @Test
    void aRunMaySetItsOwnRetentionAndInitFromDefaultsToFreshOptimizerState() {
        RunRequest request = new RunRequest("faces", null, null, 16, null, null, null, null, 5L,
                new RunRequest.InitFromRequest("simpsons-20261127-101530-ab12", 7, null), null, null, 2, 0);

        RunConfig config = RunRequestValidator.validate(request, SMALL_32, 500, 300, 1);

        assertThat(config.keepLastCheckpoints()).isEqualTo(2);
        assertThat(config.keepEveryNthCheckpoint()).isZero();
        assertThat(config.initFrom()).isEqualTo(new InitFrom("simpsons-20261127-101530-ab12", 7, InitFrom.FRESH));
        assertThat(RunRequestValidator.validate(request(null, null, null, null, null, null, null, null), SMALL_32, 500,
                300, 1).initFrom()).isNull();
    }

    @Test
    void badRetentionAndInitFromValuesAreRefused() {
        assertRefused(retention(0, null), "keepLastCheckpoints must be at least 1, was 0");
        assertRefused(retention(null, -1), "keepEveryNthCheckpoint must be 0 (none) or positive, was -1");
        assertRefused(initFrom(null, 3, null), "initFrom needs a \"runId\"");
        assertRefused(initFrom("../x", 3, null), "initFrom.runId '../x' is not a run id");
        assertRefused(initFrom("simpsons-20261127-101530-ab12", null, null), "initFrom needs an \"epoch\" of at least 1");
        assertRefused(initFrom("simpsons-20261127-101530-ab12", 0, null), "was 0");
        assertRefused(initFrom("simpsons-20261127-101530-ab12", 2, "warm"),
                "initFrom.optimizerState must be \"fresh\" or \"carry\", was \"warm\"");
    }

    @Test
    void theTrainingOptionsAreKeptAsGivenWithTheirDefaultsForWhatIsLeftOut() {
        RunConfig all = RunRequestValidator.validate(options(0.999, List.of("translation", "flip", "color", "cutout"),
                Map.of("collapse", "stop", "discriminatorWins", "warn")), SMALL_32, 500, 300, 1);

        assertThat(all.emaDecay()).isEqualTo(0.999);
        assertThat(all.augment()).as("in the order given").containsExactly("translation", "flip", "color", "cutout");
        assertThat(all.onAlarm()).isEqualTo(new AlarmActions(AlarmAction.stop, AlarmAction.warn));

        RunConfig none = RunRequestValidator.validate(options(0.0, List.of(), Map.of("discriminatorWins", "stop")),
                SMALL_32, 500, 300, 1);
        assertThat(none.emaDecay()).as("0 is off").isNull();
        assertThat(none.augment()).as("[] turns flips off too").isEmpty();
        assertThat(none.onAlarm()).isEqualTo(new AlarmActions(AlarmAction.warn, AlarmAction.stop));
        assertThat(RunRequestValidator.validate(options(0.9, null, null), SMALL_32, 500, 300, 1).emaDecay())
                .as("the smallest decay allowed").isEqualTo(0.9);
    }

    @Test
    void badTrainingOptionsAreRefusedWithTheFieldAndWhatItAccepts() {
        assertRefused(options(0.5, null, null), "emaDecay must be 0 (off) or in [0.9, 1), e.g. 0.999; was 0.5.");
        assertRefused(options(1.0, null, null), "emaDecay must be 0 (off) or in [0.9, 1)");
        assertRefused(options(-0.999, null, null), "was -0.999");
        assertRefused(options(Double.NaN, null, null), "emaDecay must be 0 (off) or in [0.9, 1)");
        assertRefused(options(null, List.of("flip", "rotate"), null),
                "augment may hold \"flip\", \"translation\", \"color\", \"cutout\" (or be [] for none); \"rotate\" is not one of them.");
        assertRefused(options(null, List.of("Flip"), null), "\"Flip\" is not one of them");
        assertRefused(options(null, java.util.Arrays.asList("flip", null), null), "\"null\" is not one of them");
        assertRefused(options(null, List.of("color", "flip", "color"), null),
                "augment names \"color\" twice; list each augmentation once.");
        assertRefused(options(null, null, Map.of("collapse", "panic")),
                "onAlarm.collapse must be \"warn\" or \"stop\", was \"panic\".");
        assertRefused(options(null, null, Map.of("discriminatorWins", "STOP")), "onAlarm.discriminatorWins must be");
        assertRefused(options(null, null, Map.of("divergence", "warn")),
                "onAlarm has no alarm \"divergence\"; its fields are \"collapse\", \"discriminatorWins\".");
    }

    @Test
    void labelsAreTrimmedAndBounded() {
        assertThat(RunRequestValidator.labels("  first try ", "\n a note ")).isEqualTo(new RunLabels("first try", "a note"));
        assertThat(RunRequestValidator.labels("   ", null)).isEqualTo(RunLabels.NONE);
        assertThat(RunRequestValidator.labels("x".repeat(80), "y".repeat(1000)).name()).hasSize(80);
        assertThatThrownBy(() -> RunRequestValidator.labels("x".repeat(81), null))
                .hasMessage("name may have at most 80 characters, had 81.");
        assertThatThrownBy(() -> RunRequestValidator.labels(null, "y".repeat(1001)))
                .hasMessage("note may have at most 1000 characters, had 1001.");
    }

    @Test
    void aLabelPatchChangesTheFieldsItNamesOnly() throws Exception {
        RunLabels current = new RunLabels("old name", "old note");

        assertThat(RunRequestValidator.labelsPatch(current, json("{\"name\":\" new \"}")))
                .isEqualTo(new RunLabels("new", "old note"));
        assertThat(RunRequestValidator.labelsPatch(current, json("{\"note\":null}")))
                .isEqualTo(new RunLabels("old name", null));
        assertThat(RunRequestValidator.labelsPatch(current, json("{}"))).isEqualTo(current);
        assertThatThrownBy(() -> RunRequestValidator.labelsPatch(current, json("{\"name\":42}")))
                .isInstanceOf(InvalidRunException.class).hasMessage("name must be a string or null, was number.");
        assertThatThrownBy(() -> RunRequestValidator.labelsPatch(current, json("{\"epochs\":3}")))
                .isInstanceOf(InvalidRunException.class).hasMessageContaining("Unknown field \"epochs\"");
        assertThatThrownBy(() -> RunRequestValidator.labelsPatch(current, json("[1]")))
                .isInstanceOf(InvalidRunException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> RunRequestValidator.labelsPatch(current, null)).isInstanceOf(InvalidRunException.class);
    }

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    private static RunRequest options(Double emaDecay, List<String> augment, Map<String, String> onAlarm) {
        return new RunRequest("faces", null, null, null, null, null, null, null, null, null, null, null, null, null,
                emaDecay, augment, onAlarm);
    }

    private static RunRequest retention(Integer keepLast, Integer keepEvery) {
        return new RunRequest("faces", null, null, null, null, null, null, null, null, null, null, null, keepLast, keepEvery);
    }

    private static RunRequest initFrom(String runId, Integer epoch, String optimizerState) {
        return new RunRequest("faces", null, null, null, null, null, null, null, null,
                new RunRequest.InitFromRequest(runId, epoch, optimizerState), null, null, null, null);
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
