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
import io.minio.StatObjectArgs;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.toonforge.ingest.testing.Uploads.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;

/** With Kafka down an upload answers 503; the stored image is announced by the retry once Kafka is back. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class KafkaOutageTest {

    @InjectLocalInfra
    LocalInfra infra;

    @Test
    void anUploadWhileKafkaIsDownFailsClearlyAndItsRetryAnnouncesTheImage() throws Exception {
        String dataset = Uploads.newDataset("outage");
        byte[] png = TestFiles.png(70, 70, 300);
        String sha;
        infra.kafka().stop();
        try {
            sha = upload(dataset, null, "a.png", png)
                    .statusCode(503)
                    .body("error", containsString("Kafka did not confirm"))
                    .body("report.accepted", hasSize(1))
                    .extract().jsonPath().getString("report.accepted[0].sha256");
        } finally {
            infra.kafka().start();
        }
        // The image was stored before its event was attempted, and stays stored.
        assertThat(infra.minioClient().statObject(StatObjectArgs.builder().bucket(infra.bucket())
                .object(ObjectKeys.datasetImage(dataset, sha)).build()).size()).isPositive();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                upload(dataset, null, "a.png", png).statusCode(200).body("duplicates", hasSize(1)));

        try (TopicReader reader = new TopicReader(infra.kafka().bootstrapServers(), Topics.IMAGES_INGESTED)) {
            List<String> hashes = reader.valuesFor(dataset).stream()
                    .map(json -> EventCodec.tryDecode(json, ImageIngested.class, "test").orElseThrow().sha256()).toList();
            assertThat(hashes).isNotEmpty().containsOnly(sha);
        }
    }
}
