package dev.toonforge.infra.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads values out of a Prometheus text scrape ({@code /q/metrics}) for tests: the samples of one metric name, with
 * their labels, so a test can compare a counter before and after what it did.
 */
public final class PrometheusText {

    /** One sample line: {@code name{label="value",...} number}. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;

    private PrometheusText(List<Sample> samples) {
        this.samples = samples;
    }

    public static PrometheusText parse(String scrape) {
        List<Sample> samples = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = brace < 0 ? line.indexOf(' ') : line.indexOf(' ', line.lastIndexOf('}'));
            String name = line.substring(0, brace < 0 ? space : brace);
            Map<String, String> labels = brace < 0 ? Map.of() : labels(line.substring(brace + 1, line.lastIndexOf('}')));
            String number = line.substring(space + 1).trim().split(" ")[0];
            samples.add(new Sample(name, labels, number(number)));
        }
        return new PrometheusText(samples);
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The samples of {@code name} whose labels include every {@code label, value} pair given. */
    public List<Sample> samples(String name, String... labelPairs) {
        return samples.stream().filter(s -> s.name().equals(name) && matches(s.labels(), labelPairs)).toList();
    }

    /** The sum of the matching samples; 0 when there is none (a counter not incremented yet). */
    public double sum(String name, String... labelPairs) {
        return samples(name, labelPairs).stream().mapToDouble(Sample::value).sum();
    }

    /** The one matching sample's value, if there is one. */
    public Optional<Double> value(String name, String... labelPairs) {
        List<Sample> found = samples(name, labelPairs);
        if (found.size() > 1) {
            throw new IllegalArgumentException(found.size() + " samples of " + name + " match; name more labels");
        }
        return found.stream().findFirst().map(Sample::value);
    }

    private static boolean matches(Map<String, String> labels, String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in pairs: name, value");
        }
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            String key = text.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (text.charAt(j) != '"') {
                char c = text.charAt(j);
                if (c == '\\') {
                    j++;
                    char escaped = text.charAt(j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            while (i < text.length() && (text.charAt(i) == ',' || text.charAt(i) == ' ')) {
                i++;
            }
        }
        return labels;
    }
}
