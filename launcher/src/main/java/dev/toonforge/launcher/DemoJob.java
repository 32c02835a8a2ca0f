package dev.toonforge.launcher;

import dev.toonforge.infra.demo.DemoFaces;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The main job of {@code ./toonforge up}: draw a cartoon-face dataset, upload it through the ingest API and start a tiny-32
 * run on it. A second {@code up} on the same data folder finds the run and lets the trainer resume it.
 */
final class DemoJob {

    static final String DATASET = "demo-faces";
    private static final Logger LOG = LoggerFactory.getLogger(DemoJob.class);

    private DemoJob() {
    }

    static void run(ToonforgeClient client, int faces, int epochs) {
        for (JsonNode run : client.runs()) {
            if (DATASET.equals(run.get("dataset").asText())) {
                LOG.info("Demo run {} already exists ({}, epoch {}/{}); not starting another", run.get("runId").asText(),
                        run.get("state").asText(), run.get("epoch").asInt(), run.get("epochs").asInt());
                return;
            }
        }
        JsonNode report = client.uploadZip(DATASET, 32, "demo-faces.zip", DemoFaces.zip(faces, 42, 128));
        LOG.info("Demo dataset '{}': {} accepted, {} duplicates, {} rejected, {} images", DATASET,
                report.get("accepted").size(), report.get("duplicates").size(), report.get("rejected").size(),
                report.get("imageCount").asInt());
        String runId = client.startRun(Map.of("dataset", DATASET, "preset", "tiny-32", "epochs", epochs, "batchSize", 16, "seed", 42));
        LOG.info("Demo run {} started: tiny-32, {} epochs, batch 16, on the trainer's device", runId, epochs);
    }
}
