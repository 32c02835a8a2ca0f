package dev.toonforge.sampler;

import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import dev.toonforge.infra.testing.PrometheusText;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.toonforge.sampler.SamplingTest.servedEpoch;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/** The sampler's meters at /q/metrics after model swaps and a few requests, and its API description at /q/openapi. */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class SamplerMetricsTest {

    private static final String DATASET = "metered";
    private static final String RUN = "metered-run-a";

    @InjectLocalInfra
    LocalInfra infra;

    @Test
    void requestsImagesBatchesAndSwapsAreCounted() throws Exception {
        TestCheckpoints.publish(infra, RUN, DATASET, 1, TestCheckpoints.gan(11));
        await().atMost(Duration.ofSeconds(60)).until(() -> servedEpoch(DATASET) == 1);
        PrometheusText beforeSwap = metrics();
        TestCheckpoints.publish(infra, RUN, DATASET, 2, TestCheckpoints.gan(12));
        await().atMost(Duration.ofSeconds(60)).until(() -> servedEpoch(DATASET) == 2);

        PrometheusText before = metrics();
        assertThat(increase(beforeSwap, before, "toonforge_sampler_model_swaps_total", "reason", "newer")).isEqualTo(1);
        assertThat(before.value("toonforge_sampler_models_loaded").orElseThrow()).isGreaterThanOrEqualTo(1);

        given().get("/api/samples/" + DATASET + "/image.png?seed=1").then().statusCode(200);
        String etag = given().get("/api/samples/" + DATASET + "/image.png?seed=2").then().statusCode(200)
                .extract().header("ETag");
        given().header("If-None-Match", etag).get("/api/samples/" + DATASET + "/image.png?seed=2").then().statusCode(304);
        given().get("/api/samples/" + DATASET + "/grid.png?count=4&seed=10").then().statusCode(200);
        given().get("/api/samples/" + DATASET + "/image.png?seed=-1").then().statusCode(400);
        given().get("/api/samples/no-such-dataset/image.png").then().statusCode(404);
        PrometheusText after = metrics();

        String count = "toonforge_sampler_request_seconds_count";
        assertThat(increase(before, after, count, "endpoint", "image", "outcome", "ok")).isEqualTo(2);
        assertThat(increase(before, after, count, "endpoint", "image", "outcome", "not_modified")).isEqualTo(1);
        assertThat(increase(before, after, count, "endpoint", "image", "outcome", "client_error")).isEqualTo(2);
        assertThat(increase(before, after, count, "endpoint", "grid", "outcome", "ok")).isEqualTo(1);
        assertThat(after.samples("toonforge_sampler_request_seconds", "endpoint", "image", "outcome", "ok"))
                .extracting(s -> s.labels().get("quantile")).contains("0.5", "0.95", "0.99");
        // Two single images and a grid of four, one request after the other: three passes of 1, 1 and 4 images.
        assertThat(increase(before, after, "toonforge_sampler_images_total")).isEqualTo(6);
        assertThat(increase(before, after, "toonforge_sampler_batch_size_images_count")).isEqualTo(3);
        assertThat(increase(before, after, "toonforge_sampler_batch_size_images_sum")).isEqualTo(6);

        // Pinning epoch 1 and unpinning swap what the dataset serves twice more.
        given().header("Authorization", "Bearer " + LocalInfraTestResource.API_TOKEN).contentType("application/json")
                .body("{\"runId\":\"" + RUN + "\",\"epoch\":1}").put("/api/models/" + DATASET).then().statusCode(200);
        assertThat(increase(after, metrics(), "toonforge_sampler_model_swaps_total", "reason", "pin")).isEqualTo(1);
        given().header("Authorization", "Bearer " + LocalInfraTestResource.API_TOKEN).delete("/api/models/" + DATASET)
                .then().statusCode(200);
        assertThat(increase(after, metrics(), "toonforge_sampler_model_swaps_total", "reason", "unpin")).isEqualTo(1);
        assertThat(increase(after, metrics(), "toonforge_sampler_request_seconds_count", "endpoint", "pin", "outcome", "ok"))
                .isEqualTo(1);
    }

    @Test
    void theApiIsDescribed() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/samples/{dataset}/image.png"))
                .body(containsString("/api/models/{dataset}"))
                .body(containsString("Toonforge sampler service"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    private static PrometheusText metrics() {
        return PrometheusText.parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    private static double increase(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
