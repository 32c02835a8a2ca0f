package dev.toonforge.sampler;

import dev.toonforge.dcgan.Dcgan;
import dev.toonforge.dcgan.Generator;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/** A run of dataset "toons" with two epochs, announced on Kafka, served through every endpoint. */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class SamplingTest {

    private static final String DATASET = "toons";
    private static final String RUN = "toons-run-a";
    private static Generator epoch1;
    private static Generator epoch2;

    @InjectLocalInfra
    LocalInfra infra;

    @BeforeEach
    void published() throws Exception {
        if (epoch2 != null) {
            return;
        }
        Dcgan first = TestCheckpoints.gan(1);
        Dcgan second = TestCheckpoints.gan(2);
        TestCheckpoints.publish(infra, RUN, DATASET, 1, first);
        TestCheckpoints.publish(infra, RUN, DATASET, 2, second);
        await().atMost(Duration.ofSeconds(60)).until(() -> servedEpoch(DATASET) == 2);
        epoch1 = TestCheckpoints.exported(first);
        epoch2 = TestCheckpoints.exported(second);
    }

    @Test
    void theAnnouncedCheckpointServesThePngTheDcganLibraryMakes() throws Exception {
        byte[] served = png("/api/samples/toons/image.png?seed=7", 200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(served));
        assertThat(image.getWidth()).isEqualTo(32);
        assertThat(image.getHeight()).isEqualTo(32);
        assertThat(served).as("byte-identical to the library's own rendering of seed 7").isEqualTo(png(epoch2.generate(7L)[0]));
        assertThat(png("/api/samples/toons/image.png?seed=7", 200)).as("the same seed again").isEqualTo(served);
        assertThat(png("/api/samples/toons/image.png?seed=8", 200)).isNotEqualTo(served);

        BufferedImage big = ImageIO.read(new ByteArrayInputStream(png("/api/samples/toons/image.png?seed=7&scale=4", 200)));
        assertThat(big.getWidth()).isEqualTo(128);
        assertThat(big.getRGB(5, 9)).isEqualTo(image.getRGB(1, 2));
    }

    @Test
    void modelsListsTheLoadedCheckpoint() {
        given().get("/api/models").then().statusCode(200)
                .body("find { it.dataset == 'toons' }.runId", org.hamcrest.Matchers.equalTo(RUN))
                .body("find { it.dataset == 'toons' }.epoch", org.hamcrest.Matchers.equalTo(2))
                .body("find { it.dataset == 'toons' }.imageSize", org.hamcrest.Matchers.equalTo(32))
                .body("find { it.dataset == 'toons' }.serving", org.hamcrest.Matchers.equalTo(true))
                .body("find { it.dataset == 'toons' }.loadedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void anOlderEpochIsLoadedOnDemandAndCachedForever() throws Exception {
        Response response = given().get("/api/samples/toons/image.png?seed=7&epoch=1");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("X-Toonforge-Checkpoint")).isEqualTo(RUN + "@1");
        assertThat(response.header("Cache-Control")).contains("immutable");
        assertThat(response.asByteArray()).isEqualTo(png(epoch1.generate(7L)[0]));
        assertThat(png("/api/samples/toons/image.png?seed=7&run=" + RUN + "&epoch=1", 200)).isEqualTo(response.asByteArray());

        given().get("/api/samples/toons/image.png?epoch=5").then().statusCode(404)
                .body("error", containsString("no epoch 5 yet"));
        given().get("/api/samples/toons/image.png?run=no-such-run").then().statusCode(404)
                .body("error", containsString("no-such-run"));
    }

    @Test
    void gridsAreSquareish() throws Exception {
        BufferedImage grid = ImageIO.read(new ByteArrayInputStream(png("/api/samples/toons/grid.png?count=16&seed=7", 200)));
        assertThat(grid.getWidth()).as("4 columns of 32 px, 2 px gaps").isEqualTo(2 + 4 * 34);
        assertThat(grid.getHeight()).isEqualTo(2 + 4 * 34);
        BufferedImage ten = ImageIO.read(new ByteArrayInputStream(png("/api/samples/toons/grid.png?count=10", 200)));
        assertThat(ten.getWidth()).isEqualTo(2 + 4 * 34);
        assertThat(ten.getHeight()).isEqualTo(2 + 3 * 34);
        // The first cell is seed 7, the second seed 8.
        BufferedImage seed8 = epoch2.generate(8L)[0];
        assertThat(grid.getRGB(2 + 34 + 5, 2 + 5)).isEqualTo(seed8.getRGB(5, 5));
        png("/api/samples/toons/grid.png?count=256&seed=0", 200);
    }

    @Test
    void etagsComeFromCheckpointAndParametersAndAnswer304() {
        Response first = given().get("/api/samples/toons/grid.png?count=4&seed=3");
        String etag = first.header("ETag");
        assertThat(etag).startsWith("\"").endsWith("\"");
        assertThat(first.header("Cache-Control")).contains("must-revalidate");
        assertThat(given().get("/api/samples/toons/grid.png?count=4&seed=3").header("ETag")).isEqualTo(etag);
        assertThat(given().get("/api/samples/toons/grid.png?count=5&seed=3").header("ETag")).isNotEqualTo(etag);
        assertThat(given().get("/api/samples/toons/grid.png?count=4&seed=4").header("ETag")).isNotEqualTo(etag);
        assertThat(given().get("/api/samples/toons/grid.png?count=4&seed=3&epoch=1").header("ETag")).isNotEqualTo(etag);

        given().header("If-None-Match", etag).get("/api/samples/toons/grid.png?count=4&seed=3")
                .then().statusCode(304).header("ETag", etag);
        given().header("If-None-Match", "\"other\", " + etag).get("/api/samples/toons/grid.png?count=4&seed=3")
                .then().statusCode(304);
        given().header("If-None-Match", "\"other\"").get("/api/samples/toons/grid.png?count=4&seed=3")
                .then().statusCode(200);
    }

    @Test
    void interpolationIsAGifWithTheAskedFrames() throws Exception {
        Response response = given().get("/api/samples/toons/interpolate.gif?from=1&to=2&frames=24");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("image/gif");
        assertThat(response.header("ETag")).isNotBlank();
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(response.asByteArray()))) {
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(24);
            assertThat(reader.read(0).getWidth()).isEqualTo(32);
        } finally {
            reader.dispose();
        }
        assertThat(given().get("/api/samples/toons/interpolate.gif?from=1&to=2&frames=24").asByteArray())
                .isEqualTo(response.asByteArray());
    }

    @Test
    void postAnswersAZipWithOnePngPerSeedOrLatent() throws Exception {
        byte[] zip = given().contentType(ContentType.JSON).body(Map.of("seeds", List.of(5, 6, 7)))
                .post("/api/samples/toons").then().statusCode(200).contentType("application/zip")
                .extract().asByteArray();
        Map<String, byte[]> entries = unzip(zip);
        assertThat(entries.keySet()).containsExactly("seed-5.png", "seed-6.png", "seed-7.png");
        assertThat(entries.get("seed-7.png")).isEqualTo(png("/api/samples/toons/image.png?seed=7", 200));

        float[] z = epoch2.noise().vector(7);
        byte[] byLatent = given().contentType(ContentType.JSON).body(Map.of("latents", List.of(z, new float[100])))
                .post("/api/samples/toons").then().statusCode(200).extract().asByteArray();
        Map<String, byte[]> latents = unzip(byLatent);
        assertThat(latents.keySet()).containsExactly("latent-000.png", "latent-001.png");
        assertThat(latents.get("latent-000.png")).isEqualTo(entries.get("seed-7.png"));

        given().contentType(ContentType.JSON).body(Map.of("latents", List.of(new float[5])))
                .post("/api/samples/toons").then().statusCode(400).body("error", containsString("takes exactly 100"));
        given().contentType(ContentType.JSON).body(Map.of()).post("/api/samples/toons").then().statusCode(400)
                .body("error", containsString("either"));
        given().contentType(ContentType.JSON).body(Map.of("seeds", new long[257])).post("/api/samples/toons")
                .then().statusCode(400).body("error", containsString("1 to 256"));
    }

    @Test
    void unknownDatasetsAre404AndBadParametersAre400WithTheRange() {
        given().get("/api/samples/nothing-here/image.png?seed=1").then().statusCode(404)
                .contentType(ContentType.JSON).body("error", containsString("No model for dataset 'nothing-here'"));
        given().get("/api/samples/Bad_Name/image.png").then().statusCode(400).body("error", containsString("dataset name"));
        given().get("/api/samples/toons/image.png?seed=abc").then().statusCode(400)
                .body("error", containsString("seed; use an integer from 0 to 9007199254740991"));
        given().get("/api/samples/toons/image.png?seed=-1").then().statusCode(400);
        given().get("/api/samples/toons/image.png?scale=9").then().statusCode(400)
                .body("error", containsString("from 1 to 8"));
        given().get("/api/samples/toons/grid.png?count=0").then().statusCode(400)
                .body("error", containsString("count; use an integer from 1 to 256"));
        given().get("/api/samples/toons/grid.png?count=257").then().statusCode(400);
        given().get("/api/samples/toons/interpolate.gif?frames=1").then().statusCode(400)
                .body("error", containsString("from 2 to 120"));
        given().get("/api/samples/toons/image.png?epoch=-3").then().statusCode(400);
    }

    @Test
    void theGalleryOriginMayCallTheApi() {
        given().header("Origin", "http://localhost:8080").header("Access-Control-Request-Method", "GET")
                .options("/api/samples/toons/image.png").then()
                .header("Access-Control-Allow-Origin", "http://localhost:8080");
        given().header("Origin", "http://localhost:8080").get("/api/samples/toons/image.png?seed=1").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:8080")
                .header("Access-Control-Expose-Headers", containsString("ETag"));
        given().header("Origin", "http://evil.example").get("/api/samples/toons/image.png?seed=1").then()
                .header("Access-Control-Allow-Origin", org.hamcrest.Matchers.nullValue());
    }

    static int servedEpoch(String dataset) {
        List<Map<String, Object>> models = given().get("/api/models").then().statusCode(200).extract().jsonPath().getList("$");
        return models.stream().filter(m -> dataset.equals(m.get("dataset")) && Boolean.TRUE.equals(m.get("serving")))
                .mapToInt(m -> (Integer) m.get("epoch")).findFirst().orElse(-1);
    }

    static byte[] png(String path, int status) {
        return given().get(path).then().statusCode(status).contentType("image/png").extract().asByteArray();
    }

    static byte[] png(BufferedImage image) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                assertThat(ImageIO.read(new ByteArrayInputStream(bytes))).as(e.getName()).isNotNull();
                entries.put(e.getName(), bytes);
            }
        }
        return entries;
    }
}
