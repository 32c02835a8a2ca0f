package dev.toonforge.ingest;

import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ImageIngested;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.infra.FreePorts;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.process.ServiceProcess;
import dev.toonforge.infra.testing.Concurrently;
import dev.toonforge.infra.testing.BucketObjects;
import dev.toonforge.infra.testing.TopicReader;
import dev.toonforge.ingest.testing.TestFiles;
import dev.toonforge.ingest.testing.Uploads;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two packaged ingest services on one Kafka broker and one S3 server, uploaded to at once: each picture is stored
 * once and announced once whichever instance takes it, the counts are exact from both, and two first uploads with
 * different sizes racing on the two instances leave one size.
 */
class MultiInstanceIngestIT {

    private static final int CLIENTS = 8;

    @TempDir
    static Path logs;

    private static LocalInfra infra;
    private static final List<ServiceProcess> instances = new ArrayList<>();

    @BeforeAll
    static void start() {
        infra = LocalInfra.startEphemeral(ObjectKeys.DEFAULT_BUCKET);
        Map<String, String> env = new HashMap<>(infra.serviceEnvironment());
        env.put("TOONFORGE_API_TOKEN", Uploads.TOKEN);
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        for (String name : List.of("ingest-1", "ingest-2")) {
            instances.add(ServiceProcess.start(name, Paths.get(System.getProperty("ingest.jar")), FreePorts.resolve(0), env,
                    List.of("-Xmx512m"), logs.resolve(name + ".log")));
        }
        instances.forEach(instance -> instance.awaitReady(Duration.ofSeconds(120)));
    }

    @AfterAll
    static void stop() {
        instances.forEach(ServiceProcess::stop);
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void theSamePicturesSentToBothInstancesAtOnceAreStoredOnceAndAnnouncedOnce() throws Exception {
        String dataset = Uploads.newDataset("multi");
        Map<String, byte[]> pictures = new LinkedHashMap<>();
        for (int i = 0; i < 16; i++) {
            pictures.put("face-" + i + (i % 3 == 0 ? ".jpg" : ".png"),
                    i % 3 == 0 ? TestFiles.jpeg(60, 60, 700 + i) : TestFiles.png(60, 60, 700 + i));
        }
        byte[] zip = TestFiles.zip(pictures);

        // Each client sends every picture, half of them as single files and half as the identical zip, to one instance.
        List<JsonPath> answers = Concurrently.atOnce(CLIENTS, client -> {
            RequestSpecification request = to(instances.get(client % 2));
            if (client % 4 < 2) {
                pictures.forEach((name, bytes) -> request.multiPart("files", name, bytes, "application/octet-stream"));
            } else {
                request.multiPart("files", "faces.zip", zip, "application/zip");
            }
            ExtractableResponse<Response> response = request.post("/api/datasets/" + dataset + "/images?size=32").then().extract();
            assertThat(response.statusCode()).as(response.body().asString()).isEqualTo(200);
            return response.jsonPath();
        });

        Set<String> acceptedHashes = new HashSet<>();
        int accepted = 0;
        for (JsonPath answer : answers) {
            List<String> hashes = answer.getList("accepted.sha256", String.class);
            accepted += hashes.size();
            acceptedHashes.addAll(hashes);
            assertThat(hashes.size() + answer.getList("duplicates").size()).isEqualTo(pictures.size());
            assertThat(answer.getList("rejected")).isEmpty();
        }
        assertThat(accepted).as("each picture accepted by exactly one request").isEqualTo(pictures.size());
        assertThat(acceptedHashes).hasSize(pictures.size());

        assertThat(imageHashes(dataset)).as("one object per picture").containsExactlyInAnyOrderElementsOf(acceptedHashes);
        try (TopicReader reader = new TopicReader(infra.kafka().bootstrapServers(), Topics.IMAGES_INGESTED)) {
            List<String> announced = reader.valuesFor(dataset).stream()
                    .map(json -> EventCodec.tryDecode(json, ImageIngested.class, "test").orElseThrow().sha256()).toList();
            assertThat(announced).as("one event per picture").hasSize(pictures.size())
                    .containsExactlyInAnyOrderElementsOf(acceptedHashes);
        }
        for (ServiceProcess instance : instances) {
            JsonPath datasets = given().baseUri("http://127.0.0.1").port(instance.port()).get("/api/datasets")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(datasets.getInt("find { it.dataset == '" + dataset + "' }.imageCount")).as(instance.name())
                    .isEqualTo(pictures.size());
            assertThat(datasets.getInt("find { it.dataset == '" + dataset + "' }.imageSize")).isEqualTo(32);
        }
    }

    @Test
    void twoFirstUploadsWithDifferentSizesOnTwoInstancesLeaveOneSize() throws Exception {
        for (int r = 0; r < 4; r++) {
            int round = r;
            String dataset = Uploads.newDataset("size-race");
            int[] sizes = {32, 64};
            List<ExtractableResponse<Response>> answers = Concurrently.atOnce(2, client -> to(instances.get(client))
                    .multiPart("files", "c" + client + ".png", TestFiles.png(70, 70, 800 + 10 * round + client), "image/png")
                    .post("/api/datasets/" + dataset + "/images?size=" + sizes[client]).then().extract());

            List<Integer> statuses = answers.stream().map(ExtractableResponse::statusCode).toList();
            assertThat(statuses).as("round %d: one first upload wins, the other is held to its size", round)
                    .containsExactlyInAnyOrder(200, 400);
            int winner = statuses.indexOf(200);
            int size = sizes[winner];
            assertThat(answers.get(1 - winner).jsonPath().getString("error")).contains("holds " + size + "x" + size + " images");

            DatasetManifest manifest = Json.mapper().readValue(object(ObjectKeys.datasetManifest(dataset)), DatasetManifest.class);
            assertThat(manifest.imageSize()).isEqualTo(size);
            List<String> stored = imageHashes(dataset);
            assertThat(stored).hasSize(1);
            assertThat(ImageIO.read(new ByteArrayInputStream(object(ObjectKeys.datasetImage(dataset, stored.get(0)))))
                    .getWidth()).isEqualTo(size);
        }
    }

    private static RequestSpecification to(ServiceProcess instance) {
        return given().baseUri("http://127.0.0.1").port(instance.port()).header("Authorization", "Bearer " + Uploads.TOKEN);
    }

    private static List<String> imageHashes(String dataset) {
        return new BucketObjects(infra.minioClient(), infra.bucket()).imageHashes(dataset);
    }

    private static byte[] object(String key) {
        return new BucketObjects(infra.minioClient(), infra.bucket()).object(key);
    }
}
