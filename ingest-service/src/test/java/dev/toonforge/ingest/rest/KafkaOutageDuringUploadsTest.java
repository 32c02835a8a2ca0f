package dev.toonforge.ingest.rest;

import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ImageIngested;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import dev.toonforge.ingest.testing.TestFiles;
import dev.toonforge.infra.testing.TopicReader;
import dev.toonforge.ingest.testing.Uploads;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.toonforge.ingest.testing.Uploads.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka goes away for 20 s in the middle of a stream of uploads. A client retries what failed, as the 503 asks; in the end
 * every image ingest reported as accepted is announced, and announced images count once (consumers are idempotent by hash).
 */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class KafkaOutageDuringUploadsTest {

    @InjectLocalInfra
    LocalInfra infra;

    @Test
    void everyAcceptedImageIsAnnouncedAfterA20SecondOutage() throws Exception {
        String dataset = Uploads.newDataset("kafka-20s");
        Set<String> accepted = new HashSet<>();
        List<Integer> failed = new ArrayList<>();
        int image = 0;

        for (; image < 3; image++) {
            uploadOne(dataset, image, accepted, failed);
        }
        infra.kafka().stop();
        Instant back = Instant.now().plusSeconds(20);
        try {
            while (Instant.now().isBefore(back)) {
                uploadOne(dataset, image++, accepted, failed);
            }
        } finally {
            infra.kafka().start();
        }
        for (int i = 0; i < 3; i++) {
            uploadOne(dataset, image++, accepted, failed);
        }
        assertThat(failed).as("uploads answered 503 while Kafka was away").isNotEmpty();

        // The client retries every upload that failed until it is confirmed.
        for (int n : failed) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    upload(dataset, null, "face-" + n + ".png", TestFiles.png(64, 64, 1000 + n)).extract().statusCode() == 200);
        }

        try (TopicReader reader = new TopicReader(infra.kafka().bootstrapServers(), Topics.IMAGES_INGESTED)) {
            Set<String> announced = new HashSet<>();
            reader.valuesFor(dataset).forEach(json ->
                    EventCodec.tryDecode(json, ImageIngested.class, "test").ifPresent(e -> announced.add(e.sha256())));
            assertThat(announced).as("every image reported accepted is announced").containsAll(accepted);
            assertThat(announced).hasSize(image);
        }
        // The dataset counts each picture once, however often it was sent.
        Uploads.authorized().get("/api/datasets/" + dataset).then().statusCode(200)
                .body("imageCount", org.hamcrest.Matchers.equalTo(image));
    }

    private static void uploadOne(String dataset, int n, Set<String> accepted, List<Integer> failed) {
        var response = upload(dataset, null, "face-" + n + ".png", TestFiles.png(64, 64, 1000 + n)).extract();
        JsonPath json = response.jsonPath();
        List<String> hashes = response.statusCode() == 200 ? json.getList("accepted.sha256") : json.getList("report.accepted.sha256");
        if (hashes != null) {
            accepted.addAll(hashes);
        }
        if (response.statusCode() != 200) {
            assertThat(response.statusCode()).isEqualTo(503);
            failed.add(n);
        }
    }
}
