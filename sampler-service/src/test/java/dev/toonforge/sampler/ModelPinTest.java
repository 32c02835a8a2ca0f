package dev.toonforge.sampler;

import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ModelServed;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.contracts.storage.ServingChoice;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Serving is a choice: a pinned run and epoch serves its dataset until unpinned, survives newer checkpoints, rolls back
 * to the choice before, swaps under load without a failed request; every bad request is answered with the reason.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class ModelPinTest {

    private static final int CLIENTS = 8;

    @InjectLocalInfra
    LocalInfra infra;

    @TestHTTPResource("/")
    URL base;

    @Test
    void aPinServesItsEpochThroughNewerCheckpointsUntilUnpinnedAndRollsBackToThePinBefore() throws Exception {
        TestCheckpoints.publish(infra, "pin-run", "pinned", 1, TestCheckpoints.gan(51));
        TestCheckpoints.publish(infra, "pin-run", "pinned", 2, TestCheckpoints.gan(52));
        await().atMost(Duration.ofSeconds(60)).until(() -> SamplingTest.servedEpoch("pinned") == 2);
        byte[] epoch1 = SamplingTest.png("/api/samples/pinned/image.png?seed=5&run=pin-run&epoch=1", 200);
        byte[] epoch2 = SamplingTest.png("/api/samples/pinned/image.png?seed=5&run=pin-run&epoch=2", 200);
        assertThat(SamplingTest.png("/api/samples/pinned/image.png?seed=5", 200)).isEqualTo(epoch2).isNotEqualTo(epoch1);

        pin("pinned", "pin-run", 1).statusCode(200)
                .body("servedAs", equalTo("pinned")).body("runId", equalTo("pin-run")).body("epoch", equalTo(1))
                .body("revision", equalTo(1)).body("applied", equalTo(true))
                .body("previous[0].mode", equalTo("newest"));

        assertThat(SamplingTest.png("/api/samples/pinned/image.png?seed=5", 200)).isEqualTo(epoch1);
        given().get("/api/samples/pinned/image.png?seed=5").then().header("X-Toonforge-Checkpoint", "pin-run@1");
        // Stored first, then announced with the same revision.
        ServingChoice stored = storedChoice("pinned");
        assertThat(stored.revision()).isEqualTo(1);
        assertThat(stored.current().isPinned()).isTrue();
        assertThat(stored.current().epoch()).isEqualTo(1);
        ModelServed announced = announced("pinned", 1);
        assertThat(announced.isPinned()).isTrue();
        assertThat(announced.checkpointKey()).isEqualTo(ObjectKeys.runCheckpoint("pin-run", 1));

        // A newer checkpoint is loaded for its run, but the dataset keeps serving the pin.
        TestCheckpoints.publish(infra, "pin-run", "pinned", 3, TestCheckpoints.gan(53));
        await().atMost(Duration.ofSeconds(60)).until(() -> epochsLoaded("pinned").contains(3));
        given().get("/api/samples/pinned/image.png?seed=5&run=pin-run").then().statusCode(200)
                .header("X-Toonforge-Checkpoint", "pin-run@3");
        assertThat(SamplingTest.png("/api/samples/pinned/image.png?seed=5", 200)).isEqualTo(epoch1);
        assertThat(SamplingTest.servedEpoch("pinned")).isEqualTo(1);
        List<Map<String, Object>> models = given().get("/api/models").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.dataset == 'pinned' }");
        assertThat(models).extracting(m -> m.get("epoch") + ":" + m.get("serving") + ":" + m.get("servedAs"))
                .containsExactly("1:true:pinned", "3:false:null");

        // Unpin: the newest again.
        auth().delete("/api/models/pinned").then().statusCode(200)
                .body("servedAs", equalTo("newest")).body("epoch", equalTo(3)).body("revision", equalTo(2))
                .body("choice.mode", equalTo("newest")).body("choice.runId", nullValue());
        given().get("/api/samples/pinned/image.png?seed=5").then().header("X-Toonforge-Checkpoint", "pin-run@3");
        assertThat(SamplingTest.servedEpoch("pinned")).isEqualTo(3);
        given().get("/api/models").then().body("find { it.dataset == 'pinned' && it.serving }.servedAs",
                equalTo("newest"));

        // Pin 2, then 1; rollback returns to 2, the pin before.
        pin("pinned", "pin-run", 2).statusCode(200).body("epoch", equalTo(2));
        pin("pinned", "pin-run", 1).statusCode(200).body("epoch", equalTo(1));
        assertThat(SamplingTest.png("/api/samples/pinned/image.png?seed=5", 200)).isEqualTo(epoch1);
        auth().post("/api/models/pinned/rollback").then().statusCode(200)
                .body("servedAs", equalTo("pinned")).body("epoch", equalTo(2)).body("revision", equalTo(5));
        assertThat(SamplingTest.png("/api/samples/pinned/image.png?seed=5", 200)).isEqualTo(epoch2);
        given().get("/api/models/pinned").then().statusCode(200)
                .body("choice.epoch", equalTo(2)).body("previous[0].mode", equalTo("newest"));

        // Asking again for what is chosen writes nothing.
        pin("pinned", "pin-run", 2).statusCode(200).body("revision", equalTo(5));
    }

    @Test
    void aChangeAnnouncedByAnotherInstanceIsAppliedAndStaleRevisionsAreSkipped() throws Exception {
        TestCheckpoints.publish(infra, "remote-run", "remote", 1, TestCheckpoints.gan(61));
        TestCheckpoints.publish(infra, "remote-run", "remote", 2, TestCheckpoints.gan(62));
        await().atMost(Duration.ofSeconds(60)).until(() -> SamplingTest.servedEpoch("remote") == 2);

        // What another sampler instance does: the revision's object first, then the event.
        Instant now = Instant.now();
        ServingChoice choice = ServingChoice.initial("remote").choose(ServingChoice.Choice.pinned("remote-run", 1, now), now);
        TestCheckpoints.put(infra, ObjectKeys.modelServedRevision("remote", choice.revision()),
                Json.mapper().writeValueAsBytes(choice));
        TestCheckpoints.sendTo(infra, Topics.MODELS_SERVED, "remote", EventCodec.encode(ModelServed.of(choice)));
        await().atMost(Duration.ofSeconds(60)).until(() -> SamplingTest.servedEpoch("remote") == 1);

        // A replayed (same revision) unpin, then a marker on the same (single-partition) topic: once the marker's
        // revision is applied, the unpin before it was handled, and the pin stays.
        ModelServed staleUnpin = ModelServed.of(ServingChoice.initial("remote").choose(ServingChoice.Choice.newest(now), now));
        TestCheckpoints.sendTo(infra, Topics.MODELS_SERVED, "remote", EventCodec.encode(staleUnpin));
        ServingChoice marker = ServingChoice.initial("remote-marker")
                .choose(ServingChoice.Choice.newest(now), now).choose(ServingChoice.Choice.newest(now), now);
        TestCheckpoints.put(infra, ObjectKeys.modelServedRevision("remote-marker", marker.revision()),
                Json.mapper().writeValueAsBytes(marker));
        TestCheckpoints.sendTo(infra, Topics.MODELS_SERVED, "remote-marker", EventCodec.encode(ModelServed.of(marker)));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> given().get("/api/models/remote-marker").then().extract().jsonPath().getBoolean("applied"));
        assertThat(SamplingTest.servedEpoch("remote")).isEqualTo(1);
    }

    @Test
    void eightClientsSeeNoFailureAcrossPinSwaps() throws Exception {
        TestCheckpoints.publish(infra, "pin-load-run", "pin-load", 1, TestCheckpoints.gan(71));
        TestCheckpoints.publish(infra, "pin-load-run", "pin-load", 2, TestCheckpoints.gan(72));
        await().atMost(Duration.ofSeconds(60)).until(() -> SamplingTest.servedEpoch("pin-load") == 2);

        ImageClients clients = ImageClients.start(base, "pin-load", CLIENTS, 32);
        try (clients) {
            await().atMost(Duration.ofSeconds(30)).until(() -> clients.ok.get() >= 50);
            pin("pin-load", "pin-load-run", 1).statusCode(200);
            await().atMost(Duration.ofSeconds(60)).until(() -> clients.checkpointsSeen.contains("pin-load-run@1"));
            int afterPin = clients.ok.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> clients.ok.get() >= afterPin + 50);
            clients.checkpointsSeen.remove("pin-load-run@2");
            auth().delete("/api/models/pin-load").then().statusCode(200);
            await().atMost(Duration.ofSeconds(60)).until(() -> clients.checkpointsSeen.contains("pin-load-run@2"));
            int afterUnpin = clients.ok.get();
            await().atMost(Duration.ofSeconds(30)).until(() -> clients.ok.get() >= afterUnpin + 50);
            clients.stopAndJoin();
        }
        assertThat(clients.failures).as("failed requests").isEmpty();
        assertThat(clients.ok.get()).isGreaterThan(150);
    }

    @Test
    void everyBadRequestIsAnsweredWithTheReasonAndChangesNothing() throws Exception {
        // Only epoch 3's zip is stored (and announced): epoch 2 is not, epoch 4 is not trained yet.
        TestCheckpoints.publish(infra, "err-run", "pin-errors", 3, TestCheckpoints.gan(81));
        TestCheckpoints.store(infra, "err-other-run", "pin-elsewhere", 1, TestCheckpoints.gan(82));
        await().atMost(Duration.ofSeconds(60)).until(() -> SamplingTest.servedEpoch("pin-errors") == 3);

        pin("pin-errors", "no-such-run", 1).statusCode(404)
                .body("error", containsString("Run 'no-such-run' is unknown")).body("error", containsString("err-run"));
        pin("pin-errors", "err-other-run", 1).statusCode(409)
                .body("error", containsString("belongs to dataset 'pin-elsewhere'"));
        pin("pin-errors", "err-run", 2).statusCode(404)
                .body("error", containsString("epoch 2")).body("error", containsString("not stored"))
                .body("error", containsString("[3]"));
        pin("pin-errors", "err-run", 4).statusCode(404).body("error", containsString("no epoch 4 yet"));
        pin("pin-errors", "err-run", 0).statusCode(400).body("error", containsString("1 or more"));
        pinBody("pin-errors", "{\"runId\":\"err-run\",\"epoch\":-2}").statusCode(400)
                .body("error", containsString("1 or more"));
        pinBody("pin-errors", "{\"runId\":\"err-run\",\"epoch\":\"three\"}").statusCode(400)
                .body("error", containsString("whole number"));
        pinBody("pin-errors", "{\"epoch\":3}").statusCode(400).body("error", containsString("\"runId\" is missing"));
        pinBody("pin-errors", "{not json").statusCode(400).body("error", containsString("not JSON"));
        pinBody("pin-errors", "[1]").statusCode(400).body("error", containsString("JSON object"));
        pin("pin-errors", "../etc", 3).statusCode(400).body("error", containsString("not a valid run id"));
        pin("Bad_Name", "err-run", 3).statusCode(400).body("error", containsString("not a valid dataset name"));
        auth().post("/api/models/pin-errors/rollback").then().statusCode(409)
                .body("error", containsString("Nothing to roll back to"));

        // Without the token (or with a wrong one), writes are refused before anything is read.
        given().contentType("application/json").body("{\"runId\":\"err-run\",\"epoch\":3}")
                .put("/api/models/pin-errors").then().statusCode(401).body("error", containsString("Bearer"));
        given().delete("/api/models/pin-errors").then().statusCode(401);
        given().post("/api/models/pin-errors/rollback").then().statusCode(401);
        given().header("Authorization", "Bearer wrong-token-0123456789").delete("/api/models/pin-errors").then()
                .statusCode(401).body("error", containsString("not valid"));

        given().get("/api/models/pin-errors").then().statusCode(200)
                .body("revision", equalTo(0)).body("servedAs", equalTo("newest")).body("epoch", equalTo(3));
        assertThat(exists(ObjectKeys.modelServedRevision("pin-errors", 1))).isFalse();
    }

    private static RequestSpecification auth() {
        return given().header("Authorization", "Bearer " + LocalInfraTestResource.API_TOKEN);
    }

    private static ValidatableResponse pin(String dataset, String runId, int epoch) {
        return pinBody(dataset, "{\"runId\":\"" + runId + "\",\"epoch\":" + epoch + "}");
    }

    private static ValidatableResponse pinBody(String dataset, String body) {
        return auth().contentType("application/json").body(body).put("/api/models/" + dataset).then();
    }

    private static List<Integer> epochsLoaded(String dataset) {
        return given().get("/api/models").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.dataset == '" + dataset + "' }.epoch", Integer.class);
    }

    /** The highest stored revision of the dataset's choice. */
    private ServingChoice storedChoice(String dataset) throws Exception {
        String newest = null;
        for (Result<Item> item : infra.minioClient().listObjects(ListObjectsArgs.builder().bucket(infra.bucket())
                .prefix(ObjectKeys.modelServedRevisionsPrefix(dataset)).recursive(true).build())) {
            newest = item.get().objectName();
        }
        assertThat(newest).as("a stored serving choice of " + dataset).isNotNull();
        try (InputStream in = infra.minioClient().getObject(GetObjectArgs.builder().bucket(infra.bucket())
                .object(newest).build())) {
            return Json.mapper().readValue(in.readAllBytes(), ServingChoice.class);
        }
    }

    private boolean exists(String key) {
        try (InputStream in = infra.minioClient().getObject(GetObjectArgs.builder().bucket(infra.bucket()).object(key)
                .build())) {
            return in.readAllBytes() != null;
        } catch (Exception e) {
            return false;
        }
    }

    /** The models.served record of {@code dataset} at {@code revision}, read from the topic's beginning. */
    private ModelServed announced(String dataset, long revision) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "pin-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ModelServed> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.MODELS_SERVED));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (dataset.equals(r.key())) {
                        seen.add(EventCodec.decode(r.value(), ModelServed.class));
                    }
                }
                return seen.stream().anyMatch(e -> e.revision() == revision);
            });
        }
        return seen.stream().filter(e -> e.revision() == revision).findFirst().orElseThrow();
    }
}
