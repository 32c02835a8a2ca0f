package dev.toonforge.contracts.storage;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a user calls a run and notes about it; unlike {@link RunConfig} it may change at any time. In run.json the flat
 * fields {@code "name"} and {@code "note"}, left out while unset.
 *
 * @param name a short name, at most {@link #MAX_NAME} characters, trimmed; null when unset
 * @param note free text, at most {@link #MAX_NOTE} characters, trimmed; null when unset
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunLabels(String name, String note) {

    public static final int MAX_NAME = 80;
    public static final int MAX_NOTE = 1000;
    public static final RunLabels NONE = new RunLabels(null, null);
}
