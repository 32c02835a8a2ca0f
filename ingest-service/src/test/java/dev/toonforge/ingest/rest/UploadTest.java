package dev.toonforge.ingest.rest;

import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ImageIngested;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import dev.toonforge.ingest.imaging.ImageNormalizer;
import dev.toonforge.ingest.imaging.NormalizationRules;
import dev.toonforge.ingest.imaging.NormalizedImage;
import dev.toonforge.ingest.testing.TestFiles;
import dev.toonforge.infra.testing.TopicReader;
import dev.toonforge.ingest.testing.Uploads;
import io.minio.GetObjectArgs;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.toonforge.ingest.testing.Uploads.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class UploadTest {

    @InjectLocalInfra
    LocalInfra infra;

    private TopicReader imagesIngested;

    @BeforeEach
    void readers() {
        imagesIngested = new TopicReader(infra.kafka().bootstrapServers(), Topics.IMAGES_INGESTED);
    }

    @AfterEach
    void close() {
        imagesIngested.close();
    }

    @Test
    void singleImagesAreNormalizedStoredAndAnnounced() throws Exception {
        String dataset = Uploads.newDataset("single");
        JsonPath body = upload(dataset, null,
                "wide.png", TestFiles.png(300, 200, 1),
                "photo.jpg", TestFiles.jpeg(500, 500, 2),
                "anim.gif", TestFiles.gif(64, 64, 3))
                .statusCode(200)
                .body("dataset", equalTo(dataset))
                .body("accepted", hasSize(3))
                .body("duplicates", hasSize(0))
                .body("rejected", hasSize(0))
                .body("imageCount", equalTo(3))
                .extract().jsonPath();

        List<Map<String, String>> accepted = body.getList("accepted");
        assertThat(accepted).extracting(a -> a.get("name")).containsExactly("wide.png", "photo.jpg", "anim.gif");
        Map<String, Long> sizes = new java.util.HashMap<>();
        for (Map<String, String> a : accepted) {
            assertThat(a.get("key")).isEqualTo(ObjectKeys.datasetImage(dataset, a.get("sha256")));
            BufferedImage stored = ImageIO.read(new ByteArrayInputStream(object(a.get("key"))));
            assertThat(stored.getWidth()).isEqualTo(128);
            assertThat(stored.getHeight()).isEqualTo(128);
            sizes.put(a.get("sha256"), infra.minioClient().statObject(StatObjectArgs.builder().bucket(infra.bucket())
                    .object(a.get("key")).build()).size());
        }

        List<ImageIngested> events = imagesIngested.valuesFor(dataset).stream()
                .map(json -> EventCodec.tryDecode(json, ImageIngested.class, "test").orElseThrow()).toList();
        assertThat(events).hasSize(3);
        assertThat(events).extracting(ImageIngested::sha256).containsExactlyInAnyOrderElementsOf(sizes.keySet());
        for (ImageIngested event : events) {
            assertThat(event.sizeBytes()).isEqualTo(sizes.get(event.sha256()));
            assertThat(event.imageSize()).isEqualTo(128);
            assertThat(event.key()).isEqualTo(ObjectKeys.datasetImage(dataset, event.sha256()));
        }
        java.nio.file.Path spool = java.nio.file.Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.http.body.uploads-directory", String.class));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() -> {
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(spool)) {
                assertThat(files).as("spooled uploads are deleted").isEmpty();
            }
        });

        byte[] json = object(ObjectKeys.datasetManifest(dataset));
        DatasetManifest stored = dev.toonforge.contracts.Json.mapper().readValue(json, DatasetManifest.class);
        assertThat(stored.imageSize()).isEqualTo(128);
        assertThat(stored.updatedAt()).isAfterOrEqualTo(stored.createdAt());
        given().when().get("/api/datasets/" + dataset).then().statusCode(200).body("imageCount", equalTo(3));
    }

    @Test
    void zipWithNestedFoldersAndOsJunkIsUnpacked() throws Exception {
        String dataset = Uploads.newDataset("zip");
        byte[] zip = TestFiles.zip(TestFiles.entries(
                "chars/", new byte[0],
                "chars/heroes/a.png", TestFiles.png(100, 100, 10),
                "chars/heroes/b.jpg", TestFiles.jpeg(120, 90, 11),
                "chars/villains/deep/c.bmp", TestFiles.bmp(80, 80, 12),
                "__MACOSX/chars/heroes/._a.png", new byte[]{0, 5, 22, 7},
                "chars/.DS_Store", new byte[]{0, 0, 0, 1},
                "chars/Thumbs.db", new byte[]{1, 2, 3}));

        JsonPath body = upload(dataset, "?size=64", "characters.zip", zip)
                .statusCode(200)
                .body("accepted", hasSize(3))
                .body("rejected", hasSize(0))
                .body("imageCount", equalTo(3))
                .extract().jsonPath();

        assertThat(body.getList("accepted.name", String.class)).containsExactly(
                "characters.zip/chars/heroes/a.png", "characters.zip/chars/heroes/b.jpg",
                "characters.zip/chars/villains/deep/c.bmp");
        for (String key : body.getList("accepted.key", String.class)) {
            BufferedImage stored = ImageIO.read(new ByteArrayInputStream(object(key)));
            assertThat(stored.getWidth()).isEqualTo(64);
        }
        assertThat(imagesIngested.valuesFor(dataset)).hasSize(3);
    }

    @Test
    void theSamePictureTwiceIsADuplicateNotANewImage() {
        String dataset = Uploads.newDataset("dup");
        byte[] png = TestFiles.png(150, 150, 20);
        upload(dataset, null, "one.png", png).statusCode(200).body("accepted", hasSize(1)).body("imageCount", equalTo(1));

        JsonPath second = upload(dataset, null, "again.png", png, "inside.zip",
                TestFiles.zip(TestFiles.entries("copy.png", png, "new.png", TestFiles.png(150, 150, 21))))
                .statusCode(200)
                .body("accepted", hasSize(1))
                .body("duplicates", hasSize(2))
                .body("imageCount", equalTo(2))
                .extract().jsonPath();

        assertThat(second.getList("duplicates.name", String.class)).containsExactly("again.png", "inside.zip/copy.png");
        // An announced image is not announced again by its duplicates: one event per distinct image.
        List<String> hashes = imagesIngested.valuesFor(dataset).stream()
                .map(json -> EventCodec.tryDecode(json, ImageIngested.class, "test").orElseThrow().sha256()).toList();
        assertThat(hashes).hasSize(2);
        assertThat(hashes.stream().collect(Collectors.toSet())).hasSize(2);
    }

    @Test
    void anImageThatIsInTheBucketWithoutItsAnnouncementIsADuplicateAnnouncedOnce() throws Exception {
        // As if an upload had stored it and crashed before its event: the object exists, its announcement record does not.
        String dataset = Uploads.newDataset("earlier");
        byte[] png = TestFiles.png(150, 150, 22);
        NormalizedImage normalized = new ImageNormalizer(NormalizationRules.defaults()).normalize(png, 128);
        infra.minioClient().putObject(PutObjectArgs.builder().bucket(infra.bucket())
                .object(ObjectKeys.datasetImage(dataset, normalized.sha256()))
                .stream(new ByteArrayInputStream(normalized.png()), normalized.png().length, -1).build());

        upload(dataset, null, "old.png", png, "new.png", TestFiles.png(150, 150, 23))
                .statusCode(200)
                .body("accepted.name", contains("new.png"))
                .body("duplicates.name", contains("old.png"))
                .body("duplicates[0].sha256", equalTo(normalized.sha256()));
        // That upload waited out the creator's grace, then announced it and recorded that; a later duplicate does not announce it.
        upload(dataset, null, "old-again.png", png).statusCode(200).body("duplicates.name", contains("old-again.png"));
        assertThat(imagesIngested.valuesFor(dataset).stream()
                .map(json -> EventCodec.tryDecode(json, ImageIngested.class, "test").orElseThrow().sha256()).toList())
                .containsExactlyInAnyOrder(normalized.sha256(), new ImageNormalizer(NormalizationRules.defaults())
                        .normalize(TestFiles.png(150, 150, 23), 128).sha256());
    }

    @Test
    void anImageDeletedFromTheBucketBehindTheServicesBackIsStoredAgain() throws Exception {
        String dataset = Uploads.newDataset("deleted");
        byte[] png = TestFiles.png(150, 150, 24);
        String key = upload(dataset, null, "one.png", png).statusCode(200).extract().jsonPath().getString("accepted[0].key");
        infra.minioClient().removeObject(RemoveObjectArgs.builder().bucket(infra.bucket()).object(key).build());

        upload(dataset, null, "one-again.png", png).statusCode(200)
                .body("accepted.name", contains("one-again.png"))
                .body("duplicates", hasSize(0));

        assertThat(ImageIO.read(new ByteArrayInputStream(object(key))).getWidth()).isEqualTo(128);
    }

    @Test
    void concurrentUploadsToOneDatasetCountExactly() throws Exception {
        String dataset = Uploads.newDataset("concurrent");
        upload(dataset, "?size=32", "seed.png", TestFiles.png(40, 40, 400)).statusCode(200);
        byte[] shared1 = TestFiles.png(40, 40, 401);
        byte[] shared2 = TestFiles.jpeg(40, 40, 402);
        byte[] shared3 = TestFiles.png(40, 40, 403);
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<JsonPath>> answers = new java.util.ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                answers.add(clients.submit(() -> upload(dataset, null,
                        "s1.png", shared1, "s2.jpg", shared2, "s3.png", shared3,
                        "own-a.png", TestFiles.png(40, 40, 500 + client), "own-b.png", TestFiles.png(40, 40, 600 + client))
                        .statusCode(200).extract().jsonPath()));
            }
            int accepted = 0;
            int duplicates = 0;
            for (java.util.concurrent.Future<JsonPath> answer : answers) {
                accepted += answer.get().getList("accepted").size();
                duplicates += answer.get().getList("duplicates").size();
            }
            assertThat(accepted).isEqualTo(3 + 4 * 2);
            assertThat(duplicates).isEqualTo(4 * 3 - 3);
        } finally {
            clients.shutdownNow();
        }
        given().when().get("/api/datasets/" + dataset).then().statusCode(200).body("imageCount", equalTo(1 + 3 + 8));
        List<String> announced = imagesIngested.valuesFor(dataset).stream()
                .map(json -> EventCodec.tryDecode(json, ImageIngested.class, "test").orElseThrow().sha256()).toList();
        assertThat(announced.stream().distinct()).as("every stored image announced").hasSize(1 + 3 + 8);
        assertThat(announced).as("each image announced once").hasSize(1 + 3 + 8);
    }

    @Test
    void theImageSizeIsFixedByTheFirstUpload() {
        String dataset = Uploads.newDataset("size");
        upload(dataset, "?size=32", "a.png", TestFiles.png(64, 64, 30)).statusCode(200);
        upload(dataset, "?size=64", "b.png", TestFiles.png(64, 64, 31)).statusCode(400)
                .body("error", containsString("holds 32x32 images"));
        upload(dataset, null, "b.png", TestFiles.png(64, 64, 31)).statusCode(200).body("imageSize", equalTo(32));
        upload(Uploads.newDataset("size"), "?size=100", "c.png", TestFiles.png(64, 64, 32)).statusCode(400)
                .body("error", containsString("not offered"));
    }

    @Test
    void writesNeedTheToken() {
        String dataset = Uploads.newDataset("auth");
        given().multiPart("files", "a.png", TestFiles.png(64, 64, 40), "image/png")
                .when().post("/api/datasets/" + dataset + "/images")
                .then().statusCode(401).body("error", containsString("Bearer"));
        given().header("Authorization", "Bearer wrong-token-0123456789")
                .multiPart("files", "a.png", TestFiles.png(64, 64, 40), "image/png")
                .when().post("/api/datasets/" + dataset + "/images")
                .then().statusCode(401).body("error", containsString("not valid"));
        given().when().get("/api/datasets/" + dataset).then().statusCode(404);
    }

    @Test
    void badDatasetNamesAreRefused() throws Exception {
        upload("Bad_Name", null, "a.png", TestFiles.png(64, 64, 50)).statusCode(400)
                .body("error", containsString("not a valid dataset name"));
        upload("%2E%2E", null, "a.png", TestFiles.png(64, 64, 50)).statusCode(400);
        // Sent as is: path normalization must not turn these into another route.
        assertThat(rawStatusLine("POST", "/api/datasets/../images")).startsWith("HTTP/1.1 400");
        assertThat(rawStatusLine("POST", "/api/datasets/%2E%2E/images")).startsWith("HTTP/1.1 400");
        assertThat(rawStatusLine("GET", "/api/datasets/..")).startsWith("HTTP/1.1 400");
    }

    private static String rawStatusLine(String method, String path) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(20_000);
            String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Uploads.TOKEN
                    + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        // The test profile's limit is 8 MiB. The service answers from the declared length, before reading the body,
        // so the client only sends the headers.
        String dataset = Uploads.newDataset("big");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(20_000);
            String head = "POST /api/datasets/" + dataset + "/images HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + Uploads.TOKEN + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=xyz\r\n"
                    + "Content-Length: " + (9 << 20) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            assertThat(status).startsWith("HTTP/1.1 413");
        }
        given().when().get("/api/datasets/" + dataset).then().statusCode(404);
    }

    private byte[] object(String key) throws Exception {
        try (InputStream in = infra.minioClient().getObject(GetObjectArgs.builder().bucket(infra.bucket()).object(key).build())) {
            return in.readAllBytes();
        }
    }
}
