package dev.toonforge.ingest.rest;

import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ImageIngested;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import dev.toonforge.ingest.testing.TestFiles;
import dev.toonforge.infra.testing.TopicReader;
import dev.toonforge.ingest.testing.Uploads;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.toonforge.ingest.testing.Uploads.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;

/** Every kind of hostile or broken file gets its own reason; nothing is stored or announced for it. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class HostileUploadTest {

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
    void everyHostileFileIsRejectedWithItsReasonWhileTheGoodOnesGetIn() throws Exception {
        String dataset = Uploads.newDataset("hostile");
        byte[] png = TestFiles.png(90, 90, 100);
        byte[] climbing = TestFiles.zip(TestFiles.entries(
                "../escape.png", TestFiles.png(90, 90, 101),
                "folder/../../etc/evil.png", TestFiles.png(90, 90, 102),
                "ok/inner.png", TestFiles.png(90, 90, 103),
                "ok/nested.zip", TestFiles.zip(TestFiles.entries("x.png", TestFiles.png(90, 90, 104)))));

        JsonPath body = upload(dataset, null,
                "good.png", png,
                "empty.png", new byte[0],
                "page.png", TestFiles.text(TestFiles.HTML),
                "drawing.svg", TestFiles.text(TestFiles.SVG),
                "notes.jpg", TestFiles.text("my favourite characters:\n- the cat\n- the dog\n"),
                "cut.png", TestFiles.truncated(TestFiles.png(200, 200, 105)),
                "huge.png", TestFiles.pngHeaderClaiming(50_000, 50_000),
                "tiny.png", TestFiles.png(8, 8, 106),
                "climbing.zip", climbing,
                "bomb.zip", TestFiles.zipBomb(8),
                "many.zip", TestFiles.zipWithEntries(20_001, TestFiles.png(90, 90, 107)))
                .statusCode(200)
                .body("accepted", hasSize(2))
                .body("duplicates", hasSize(0))
                .body("imageCount", equalTo(2))
                .extract().jsonPath();

        assertThat(body.getList("accepted.name", String.class)).containsExactly("good.png", "climbing.zip/ok/inner.png");
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Map<String, String> r : body.<Map<String, String>>getList("rejected")) {
            reasons.put(r.get("name"), r.get("reason"));
        }
        assertThat(reasons).containsOnlyKeys("empty.png", "page.png", "drawing.svg", "notes.jpg", "cut.png", "huge.png",
                "tiny.png", "climbing.zip/../escape.png", "climbing.zip/folder/../../etc/evil.png",
                "climbing.zip/ok/nested.zip", "bomb.zip/bomb.png", "many.zip");
        assertThat(reasons.get("empty.png")).contains("empty (0 bytes)");
        assertThat(reasons.get("page.png")).contains("HTML page");
        assertThat(reasons.get("drawing.svg")).contains("SVG");
        assertThat(reasons.get("notes.jpg")).contains("text file");
        assertThat(reasons.get("cut.png")).contains("truncated or corrupt");
        assertThat(reasons.get("huge.png")).contains("50000x50000").contains("limit is 40.0 megapixels");
        assertThat(reasons.get("tiny.png")).contains("8x8").contains("at least 16 pixels");
        assertThat(reasons.get("climbing.zip/../escape.png")).contains("leaves the archive");
        assertThat(reasons.get("climbing.zip/folder/../../etc/evil.png")).contains("leaves the archive");
        assertThat(reasons.get("climbing.zip/ok/nested.zip")).contains("nested archives");
        assertThat(reasons.get("bomb.zip/bomb.png")).contains("100 times").contains("zip bomb");
        assertThat(reasons.get("many.zip")).contains("more than 20000 entries");

        List<String> stored = keysUnder(ObjectKeys.datasetImagesPrefix(dataset));
        assertThat(stored).containsExactlyInAnyOrderElementsOf(body.getList("accepted.key", String.class));
        List<String> announced = imagesIngested.valuesFor(dataset).stream()
                .map(json -> EventCodec.tryDecode(json, ImageIngested.class, "test").orElseThrow().key()).toList();
        assertThat(announced).containsExactlyInAnyOrderElementsOf(stored);
    }

    @Test
    void aRequestWhereEverythingIsRejectedIs400AndLeavesNothingBehind() throws Exception {
        String dataset = Uploads.newDataset("rejected");
        upload(dataset, null, "page.html", TestFiles.text(TestFiles.HTML), "zero.png", new byte[0])
                .statusCode(400)
                .body("accepted", hasSize(0))
                .body("rejected", hasSize(2))
                .body("imageCount", equalTo(0));

        given().when().get("/api/datasets/" + dataset).then().statusCode(404);
        assertThat(keysUnder(ObjectKeys.datasetPrefix(dataset))).isEmpty();
        assertThat(imagesIngested.valuesFor(dataset)).isEmpty();
    }

    private List<String> keysUnder(String prefix) throws Exception {
        List<String> keys = new ArrayList<>();
        for (Result<Item> item : infra.minioClient().listObjects(ListObjectsArgs.builder().bucket(infra.bucket())
                .prefix(prefix).recursive(true).build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }

    private static org.hamcrest.Matcher<Object> equalTo(Object value) {
        return org.hamcrest.Matchers.equalTo(value);
    }
}
