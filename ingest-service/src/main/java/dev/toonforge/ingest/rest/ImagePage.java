package dev.toonforge.ingest.rest;

import java.util.List;

/** One page of a dataset's image keys; pass {@code next} as {@code ?after=} for the following page (null: last page). */
public record ImagePage(String dataset, List<ImageRef> images, String next) {

    public record ImageRef(String sha256, String key) {
    }
}
