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
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import static dev.toonforge.ingest.testing.Uploads.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;

/** With S3 down an upload answers 503 with a reason and leaves nothing half-stored; once S3 is back the same upload works. */
@QuarkusTest
@WithTestResource(LocalInfraTestResource.class)
class S3OutageTest {

    @InjectLocalInfra
    LocalInfra infra;

    @Test
    void anUploadWhileS3IsDownIs503AndStoresAndAnnouncesNothing() throws Exception {
        String dataset = Uploads.newDataset("s3-outage");
        byte[] png = TestFiles.png(80, 80, 301);
        infra.s3().stop();
        try {
            upload(dataset, null, "a.png", png)
                    .statusCode(503)
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body("error", containsString("object store"));
        } finally {
            infra.s3().start();
        }
        assertThat(keys(ObjectKeys.datasetPrefix(dataset))).as("nothing half-stored").isEmpty();

        String sha = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> upload(dataset, null, "a.png", png).statusCode(200).body("accepted", hasSize(1))
                        .extract().jsonPath().getString("accepted[0].sha256"), s -> s != null);
        assertThat(keys(ObjectKeys.datasetImagesPrefix(dataset))).containsExactly(ObjectKeys.datasetImage(dataset, sha));
        try (TopicReader reader = new TopicReader(infra.kafka().bootstrapServers(), Topics.IMAGES_INGESTED)) {
            List<String> hashes = reader.valuesFor(dataset).stream()
                    .map(json -> EventCodec.tryDecode(json, ImageIngested.class, "test").orElseThrow().sha256()).toList();
            assertThat(hashes).containsExactly(sha);
        }
    }

    private List<String> keys(String prefix) {
        return StreamSupport.stream(infra.minioClient().listObjects(ListObjectsArgs.builder().bucket(infra.bucket())
                        .prefix(prefix).recursive(true).build()).spliterator(), false)
                .map(r -> {
                    try {
                        return r.get().objectName();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }
}
