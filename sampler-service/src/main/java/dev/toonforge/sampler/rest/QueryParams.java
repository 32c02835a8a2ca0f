package dev.toonforge.sampler.rest;

import dev.toonforge.sampler.service.InvalidSampleRequestException;

/** Parses query parameters ourselves, so a bad value gets a 400 naming the allowed range (JAX-RS would answer 404). */
final class QueryParams {

    /** Seeds stay exact in JavaScript (the gallery) up to 2^53 - 1. */
    static final long MAX_SEED = 9_007_199_254_740_991L;

    private QueryParams() {
    }

    static long longIn(String name, String value, long fallback, long min, long max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw outOfRange(name, value, min, max);
        }
        if (parsed < min || parsed > max) {
            throw outOfRange(name, value, min, max);
        }
        return parsed;
    }

    static int intIn(String name, String value, int fallback, int min, int max) {
        return (int) longIn(name, value, fallback, min, max);
    }

    /** Null when absent. */
    static Integer optionalInt(String name, String value, int min, int max) {
        return value == null || value.isBlank() ? null : intIn(name, value, 0, min, max);
    }

    static String optional(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static InvalidSampleRequestException outOfRange(String name, String value, long min, long max) {
        String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
        return new InvalidSampleRequestException("'" + shown.replaceAll("\\p{Cntrl}", "?") + "' is not a valid " + name
                + "; use an integer from " + min + " to " + max + ".");
    }
}
