package dev.toonforge.contracts.naming;

import java.util.regex.Pattern;

/**
 * The rules for every name that becomes part of an object key or a Kafka key. Each service validates with these
 * before it builds a key, so no request can reach another dataset's or run's prefix.
 */
public final class Names {

    /** Lower-case letters, digits and '-', starting with a letter or digit, at most 63 characters. */
    public static final Pattern DATASET = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** Same alphabet as datasets, at most 80 characters (a run id is usually {dataset}-{time}-{random}). */
    public static final Pattern RUN_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,79}");
    /** A SHA-256 in lower-case hex. */
    public static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private Names() {
    }

    public static String requireDataset(String name) {
        return require(name, DATASET, "dataset name",
                "use 1 to 63 lower-case letters, digits or '-', starting with a letter or digit");
    }

    public static String requireRunId(String runId) {
        return require(runId, RUN_ID, "run id",
                "use 1 to 80 lower-case letters, digits or '-', starting with a letter or digit");
    }

    public static String requireSha256(String sha256) {
        return require(sha256, SHA256, "image hash", "use the 64 lower-case hex digits of a SHA-256");
    }

    public static boolean isDataset(String name) {
        return name != null && DATASET.matcher(name).matches();
    }

    public static boolean isRunId(String runId) {
        return runId != null && RUN_ID.matcher(runId).matches();
    }

    private static String require(String value, Pattern pattern, String what, String rule) {
        if (value == null || value.isEmpty()) {
            throw new InvalidNameException("The " + what + " is empty; " + rule + ".");
        }
        if (!pattern.matcher(value).matches()) {
            throw new InvalidNameException("'" + printable(value) + "' is not a valid " + what + "; " + rule + ".");
        }
        return value;
    }

    /** Keeps error messages on one line and short, whatever the caller sent. */
    private static String printable(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
