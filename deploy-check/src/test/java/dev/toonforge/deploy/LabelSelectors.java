package dev.toonforge.deploy;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.Map;

/** Kubernetes label-selector matching: matchLabels, and matchExpressions with In, NotIn, Exists, DoesNotExist. */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    /** Whether a selector selects these labels. An empty selector selects nothing here (never what a user means). */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null || isEmpty(selector)) {
            return false;
        }
        return matches(selector.getMatchLabels(), labels)
                && (selector.getMatchExpressions() == null
                || selector.getMatchExpressions().stream().allMatch(r -> matches(r, labels)));
    }

    /** Whether every one of {@code required} is among {@code labels} with the same value (a Service's selector). */
    public static boolean matches(Map<String, String> required, Map<String, String> labels) {
        if (required == null || required.isEmpty()) {
            return true;
        }
        Map<String, String> present = labels == null ? Map.of() : labels;
        return required.entrySet().stream().allMatch(e -> e.getValue().equals(present.get(e.getKey())));
    }

    public static boolean isEmpty(LabelSelector selector) {
        return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels == null ? null : labels.get(requirement.getKey());
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        return switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new IllegalArgumentException("unknown selector operator " + requirement.getOperator());
        };
    }
}
