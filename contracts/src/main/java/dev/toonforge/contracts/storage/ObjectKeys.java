package dev.toonforge.contracts.storage;

import dev.toonforge.contracts.naming.Names;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The object-key layout of the one Toonforge bucket. Every key is built here, from validated names only.
 *
 * <pre>
 * datasets/{dataset}/dataset.json
 * datasets/{dataset}/images/{sha256}.png
 * datasets/{dataset}/announced/{sha256}
 * runs/{runId}/run.json
 * runs/{runId}/samples/epoch-{NNNN}.png
 * runs/{runId}/checkpoints/epoch-{NNNN}.zip
 * runs/{runId}/metrics.jsonl
 * runs/{runId}/scores.jsonl
 * runs/{runId}/latest.json
 * runs/{runId}/owners/g-{NNNNNNNNNN}.json
 * models/{dataset}/served/r-{NNNNNNNNNN}.json
 * models/{dataset}/served.json   (read only: what samplers wrote before revisions were objects)
 * </pre>
 */
public final class ObjectKeys {

    /** The bucket every service uses unless configured otherwise ({@code toonforge.s3.bucket}). */
    public static final String DEFAULT_BUCKET = "toonforge";

    public static final String DATASETS_PREFIX = "datasets/";
    public static final String RUNS_PREFIX = "runs/";
    public static final String MODELS_PREFIX = "models/";
    /** Where older trainers kept their own index of each dataset's images; the trainer removes it at start. */
    public static final String LEGACY_TRAINER_PREFIX = "trainer/";

    private static final Pattern EPOCH_FILE = Pattern.compile(".*/epoch-(\\d{4,})\\.(png|zip)");
    private static final Pattern OWNER_FILE = Pattern.compile(".*/owners/g-(\\d{10})\\.json");
    private static final Pattern IMAGE_FILE = Pattern.compile("datasets/([a-z0-9][a-z0-9-]{0,62})/images/([0-9a-f]{64})\\.png");

    private ObjectKeys() {
    }

    public static String datasetPrefix(String dataset) {
        return DATASETS_PREFIX + Names.requireDataset(dataset) + "/";
    }

    public static String datasetManifest(String dataset) {
        return datasetPrefix(dataset) + "dataset.json";
    }

    public static String datasetImagesPrefix(String dataset) {
        return datasetPrefix(dataset) + "images/";
    }

    public static String datasetImage(String dataset, String sha256) {
        return datasetImagesPrefix(dataset) + Names.requireSha256(sha256) + ".png";
    }

    /**
     * An empty object that records that the image's {@code images.ingested} event was acknowledged by Kafka (written by
     * ingest after the acknowledgement; a duplicate upload of an image without it announces the image again).
     */
    public static String datasetImageAnnounced(String dataset, String sha256) {
        return datasetPrefix(dataset) + "announced/" + Names.requireSha256(sha256);
    }

    public static String runPrefix(String runId) {
        return RUNS_PREFIX + Names.requireRunId(runId) + "/";
    }

    public static String runManifest(String runId) {
        return runPrefix(runId) + "run.json";
    }

    public static String runSamplesPrefix(String runId) {
        return runPrefix(runId) + "samples/";
    }

    public static String runSample(String runId, int epoch) {
        return runSamplesPrefix(runId) + epochFile(epoch, "png");
    }

    public static String runCheckpointsPrefix(String runId) {
        return runPrefix(runId) + "checkpoints/";
    }

    public static String runCheckpoint(String runId, int epoch) {
        return runCheckpointsPrefix(runId) + epochFile(epoch, "zip");
    }

    public static String runMetrics(String runId) {
        return runPrefix(runId) + "metrics.jsonl";
    }

    /** The run's quality scores, one {@link EpochScore} per line, oldest first. */
    public static String runScores(String runId) {
        return runPrefix(runId) + "scores.jsonl";
    }

    public static String runLatest(String runId) {
        return runPrefix(runId) + "latest.json";
    }

    /**
     * The owner generations of a run, one {@link RunOwner} object per trainer turn, each created once and never
     * overwritten; the highest is the trainer allowed to store the run's checkpoints. Ten digits keep lexical order
     * numeric.
     */
    public static String runOwnersPrefix(String runId) {
        return runPrefix(runId) + "owners/";
    }

    public static String runOwner(String runId, long generation) {
        if (generation < 1) {
            throw new IllegalArgumentException("generation " + generation + " is below 1");
        }
        return runOwnersPrefix(runId) + String.format("g-%010d.json", generation);
    }

    /** The generation in an owner key, if the key is one. */
    public static Optional<Long> ownerGenerationOf(String key) {
        Matcher m = OWNER_FILE.matcher(key);
        return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
    }

    /**
     * The revisions of a dataset's {@link ServingChoice}, one object per revision, each created once and never
     * overwritten; the highest revision is the one in force. Ten digits keep lexical order numeric.
     */
    public static String modelServedRevisionsPrefix(String dataset) {
        return MODELS_PREFIX + Names.requireDataset(dataset) + "/served/";
    }

    public static String modelServedRevision(String dataset, long revision) {
        if (revision < 1) {
            throw new IllegalArgumentException("revision " + revision + " is below 1");
        }
        return modelServedRevisionsPrefix(dataset) + String.format("r-%010d.json", revision);
    }

    /**
     * Where samplers kept a dataset's one {@link ServingChoice} before each revision was its own object; read when a
     * dataset has no revision objects, never written.
     */
    public static String modelServed(String dataset) {
        return MODELS_PREFIX + Names.requireDataset(dataset) + "/served.json";
    }

    /** The epoch number in a sample or checkpoint key, if the key is one. */
    public static Optional<Integer> epochOf(String key) {
        Matcher m = EPOCH_FILE.matcher(key);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** The image hash in a dataset image key, if the key is one. */
    public static Optional<String> imageHashOf(String key) {
        Matcher m = IMAGE_FILE.matcher(key);
        return m.matches() ? Optional.of(m.group(2)) : Optional.empty();
    }

    private static String epochFile(int epoch, String extension) {
        if (epoch < 0 || epoch > 999_999) {
            throw new IllegalArgumentException("epoch " + epoch + " is out of range 0..999999");
        }
        return String.format("epoch-%04d.%s", epoch, extension);
    }
}
