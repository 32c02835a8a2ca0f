package dev.toonforge.trainer.service;

import dev.toonforge.contracts.storage.AlarmAction;
import dev.toonforge.contracts.storage.AlarmActions;
import dev.toonforge.contracts.storage.RunConfig;
import dev.toonforge.dcgan.Augmentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run options that shape how a GAN is trained and watched rather than what it trains: the generator average
 * ({@code emaDecay}), the augmentations ({@code augment}) and the answer to each alarm ({@code onAlarm}). What a request
 * leaves out gets its default; what it gets wrong is an {@link InvalidRunException} naming the field and what it
 * accepts.
 */
final class TrainingOptionsValidator {

    /** The DCGAN library's augmentation ids. */
    static final List<String> AUGMENTATIONS = Arrays.stream(Augmentation.values()).map(Augmentation::id).toList();
    static final double MIN_EMA_DECAY = 0.9;
    private static final List<String> ALARM_FIELDS = List.of("collapse", "discriminatorWins");

    private TrainingOptionsValidator() {
    }

    /** null (off) for absent or 0; otherwise a decay in [0.9, 1). */
    static Double emaDecay(Double value) {
        if (value == null || value == 0) {
            return null;
        }
        if (!(value >= MIN_EMA_DECAY && value < 1)) {
            throw new InvalidRunException("emaDecay must be 0 (off) or in [" + MIN_EMA_DECAY + ", 1), e.g. 0.999; was "
                    + value + ".");
        }
        return value;
    }

    /** The ids as given, each known and once; absent: flips only; [] turns every augmentation off. */
    static List<String> augment(List<String> ids) {
        if (ids == null) {
            return RunConfig.FLIP_ONLY;
        }
        Set<String> seen = new HashSet<>();
        List<String> checked = new ArrayList<>();
        for (String id : ids) {
            if (id == null || !AUGMENTATIONS.contains(id)) {
                throw new InvalidRunException("augment may hold " + quoted(AUGMENTATIONS) + " (or be [] for none); \""
                        + id + "\" is not one of them.");
            }
            if (!seen.add(id)) {
                throw new InvalidRunException("augment names \"" + id + "\" twice; list each augmentation once.");
            }
            checked.add(id);
        }
        return List.copyOf(checked);
    }

    /** {@code {"collapse": "warn"|"stop", "discriminatorWins": "warn"|"stop"}}; a field left out warns. */
    static AlarmActions onAlarm(Map<String, String> request) {
        if (request == null) {
            return AlarmActions.WARN;
        }
        for (String field : request.keySet()) {
            if (!ALARM_FIELDS.contains(field)) {
                throw new InvalidRunException("onAlarm has no alarm \"" + field + "\"; its fields are "
                        + quoted(ALARM_FIELDS) + ".");
            }
        }
        return new AlarmActions(action(request, "collapse"), action(request, "discriminatorWins"));
    }

    private static AlarmAction action(Map<String, String> request, String field) {
        String value = request.get(field);
        if (value == null) {
            return AlarmAction.warn;
        }
        return Arrays.stream(AlarmAction.values()).filter(a -> a.name().equals(value)).findFirst()
                .orElseThrow(() -> new InvalidRunException("onAlarm." + field + " must be \"warn\" or \"stop\", was \""
                        + value + "\"."));
    }

    private static String quoted(List<String> values) {
        return String.join(", ", values.stream().map(v -> "\"" + v + "\"").toList());
    }
}
