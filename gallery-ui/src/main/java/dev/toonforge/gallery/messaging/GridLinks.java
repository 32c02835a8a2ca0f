package dev.toonforge.gallery.messaging;

/** The gallery's own URLs for images, so the API and the live events point at the same places. */
public final class GridLinks {

    private GridLinks() {
    }

    public static String grid(String runId, int epoch) {
        return "/api/runs/" + runId + "/grids/" + epoch + ".png";
    }

    public static String datasetImage(String dataset, String sha256) {
        return "/api/datasets/" + dataset + "/images/" + sha256 + ".png";
    }
}
