package dev.toonforge.launcher;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many instances of each service {@code ./toonforge up --scale ingest=2,trainer=2,sampler=2} starts. Services not
 * named run once; the gallery always runs once (it talks to instance 1 of the ingest and sampler services).
 */
record Scale(Map<String, Integer> instances) {

    /** The services that may run more than once, by the short name {@code --scale} takes. */
    static final List<String> SCALABLE = List.of("ingest", "trainer", "sampler");
    /** More instances than this on one machine is a typo, not a plan. */
    static final int MAX_INSTANCES = 8;

    Scale {
        instances = Map.copyOf(instances);
    }

    /** One instance of everything. */
    static Scale single() {
        return new Scale(Map.of());
    }

    /**
     * Parses {@code ingest=2,trainer=2}: names from {@link #SCALABLE} (the full names {@code ingest-service} etc. too),
     * each at most once, with a whole count from 1 to {@link #MAX_INSTANCES}.
     *
     * @throws IllegalArgumentException with a message a user can act on
     */
    static Scale parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--scale needs a value, e.g. --scale ingest=2,trainer=2,sampler=2");
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String part : value.split(",", -1)) {
            String item = part.trim();
            int equals = item.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("--scale: '" + item + "' is not service=count (e.g. ingest=2); "
                        + "services: " + String.join(", ", SCALABLE));
            }
            String name = shortName(item.substring(0, equals).trim());
            if (!SCALABLE.contains(name)) {
                throw new IllegalArgumentException("--scale: unknown service '" + item.substring(0, equals).trim()
                        + "'; it takes " + String.join(", ", SCALABLE) + " (the gallery runs once)");
            }
            String count = item.substring(equals + 1).trim();
            int instances;
            try {
                instances = Integer.parseInt(count);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--scale: " + name + "=" + count + " is not a whole number of instances");
            }
            if (instances < 1 || instances > MAX_INSTANCES) {
                throw new IllegalArgumentException("--scale: " + name + "=" + instances + " is out of range; each service runs 1 to "
                        + MAX_INSTANCES + " instances");
            }
            if (counts.put(name, instances) != null) {
                throw new IllegalArgumentException("--scale: " + name + " is given twice");
            }
        }
        return new Scale(counts);
    }

    /** Instances of a service, by its full name ({@code ingest-service}) or short name ({@code ingest}); 1 if not scaled. */
    int of(String service) {
        return instances.getOrDefault(shortName(service), 1);
    }

    private static String shortName(String service) {
        return service.endsWith("-service") ? service.substring(0, service.length() - "-service".length()) : service;
    }
}
