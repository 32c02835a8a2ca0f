package dev.toonforge.ingest.rest;

import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import dev.toonforge.infra.testing.PrometheusText;
import dev.toonforge.ingest.testing.TestFiles;
import dev.toonforge.ingest.testing.Uploads;
import io.minio.GetObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static dev.toonforge.ingest.testing.Uploads.upload;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The open read endpoints, health, metrics and the API description. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class DatasetReadTest {

    @InjectLocalInfra
    LocalInfra infra;

    @Test
    void datasetsImagesAndPagesCanBeRead() throws Exception {
        String dataset = Uploads.newDataset("read");
        List<String> keys = upload(dataset, "?size=32", "a.png", TestFiles.png(40, 40, 200), "b.png",
                TestFiles.png(40, 40, 201), "c.jpg", TestFiles.jpeg(40, 40, 202))
                .statusCode(200).extract().jsonPath().getList("accepted.key", String.class);

        given().when().get("/api/datasets").then().statusCode(200).body("dataset", hasItem(dataset));
        given().when().get("/api/datasets/" + dataset).then().statusCode(200)
                .body("dataset", equalTo(dataset))
                .body("imageCount", equalTo(3))
                .body("imageSize", equalTo(32))
                .body("createdAt", notNullValue())
                .body("updatedAt", notNullValue());

        List<String> paged = new ArrayList<>();
        String next = given().queryParam("limit", 2).when().get("/api/datasets/" + dataset + "/images")
                .then().statusCode(200).body("images", hasSize(2)).body("next", notNullValue())
                .extract().jsonPath().getString("next");
        paged.addAll(given().queryParam("limit", 2).when().get("/api/datasets/" + dataset + "/images")
                .then().extract().jsonPath().getList("images.key", String.class));
        paged.addAll(given().queryParam("limit", 2).queryParam("after", next).when().get("/api/datasets/" + dataset + "/images")
                .then().statusCode(200).body("images", hasSize(1)).body("next", nullValue())
                .extract().jsonPath().getList("images.key", String.class));
        assertThat(paged).containsExactlyInAnyOrderElementsOf(keys).isSorted();

        String key = keys.get(0);
        String sha = key.substring(key.lastIndexOf('/') + 1, key.length() - 4);
        byte[] served = given().when().get("/api/datasets/" + dataset + "/images/" + sha + ".png")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        try (InputStream in = infra.minioClient().getObject(GetObjectArgs.builder().bucket(infra.bucket()).object(key).build())) {
            assertThat(served).isEqualTo(in.readAllBytes());
        }

        given().queryParam("limit", 0).when().get("/api/datasets/" + dataset + "/images").then().statusCode(400);
        given().when().get("/api/datasets/" + dataset + "/images/" + "0".repeat(64) + ".png").then().statusCode(404);
    }

    @Test
    void unknownDatasetsAre404() {
        String dataset = Uploads.newDataset("unknown");
        given().when().get("/api/datasets/" + dataset).then().statusCode(404).body("error", containsString(dataset));
        given().when().get("/api/datasets/" + dataset + "/images").then().statusCode(404);
        given().when().get("/api/datasets/" + dataset + "/images/" + "a".repeat(64) + ".png").then().statusCode(404);
        given().when().get("/api/datasets/Bad_Name").then().statusCode(400);
    }

    @Test
    void healthMetricsAndApiDescription() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("object-store"))
                .body("checks.name", hasItem(containsString("Kafka")));
        PrometheusText before = metrics();
        upload(Uploads.newDataset("metrics"), null, "m.png", TestFiles.png(30, 30, 210), "n.png",
                TestFiles.png(30, 30, 211), "empty.png", new byte[0], "notes.txt", TestFiles.text("not a picture"),
                "tiny.png", TestFiles.png(8, 8, 212)).statusCode(200);
        upload(Uploads.newDataset("metrics"), null, "empty.png", new byte[0]).statusCode(400);
        PrometheusText after = metrics();

        assertThat(increase(before, after, "toonforge_ingest_images_total", "outcome", "accepted")).isEqualTo(2);
        assertThat(increase(before, after, "toonforge_ingest_images_total", "outcome", "rejected")).isEqualTo(4);
        assertThat(increase(before, after, "toonforge_ingest_rejected_total", "reason", "empty")).isEqualTo(2);
        assertThat(increase(before, after, "toonforge_ingest_rejected_total", "reason", "not_an_image")).isEqualTo(1);
        assertThat(increase(before, after, "toonforge_ingest_rejected_total", "reason", "too_small")).isEqualTo(1);
        assertThat(increase(before, after, "toonforge_ingest_upload_seconds_count", "outcome", "stored")).isEqualTo(1);
        assertThat(increase(before, after, "toonforge_ingest_upload_seconds_count", "outcome", "all_rejected")).isEqualTo(1);
        assertThat(after.samples("toonforge_ingest_upload_seconds", "outcome", "stored"))
                .extracting(s -> s.labels().get("quantile")).contains("0.5", "0.95", "0.99");
        assertThat(after.value("toonforge_ingest_upload_seconds_max", "outcome", "stored").orElseThrow()).isPositive();

        given().when().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/datasets/{dataset}/images"))
                .body(containsString("Toonforge ingest service"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }

    private static PrometheusText metrics() {
        return PrometheusText.parse(given().when().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static double increase(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
