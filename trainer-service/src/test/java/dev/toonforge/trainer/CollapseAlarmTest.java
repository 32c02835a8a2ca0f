package dev.toonforge.trainer;

import dev.toonforge.contracts.Topics;
import dev.toonforge.contracts.events.TrainingAlarm;
import dev.toonforge.contracts.storage.AlarmKind;
import dev.toonforge.contracts.storage.RunAlarm;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The collapse alarm on real runs: a few hundred 32 px cartoon faces ({@code DemoFaces}), batch 64, tiny-32. The seed's learning rates
 * (D 4e-5, G 4e-4) collapse the generator; Adam's usual 2e-4 for both does not. Both runs stop on a collapse alarm, so
 * the collapsing one ends as soon as the alarm fires and the healthy one trains past that step without one.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class CollapseAlarmTest {

    private static final String TOKEN = "Bearer test-token-0123456789";
    private static final int FACES = 320;
    private static final int EPOCHS = 400;   // 5 steps an epoch: 2,000 steps at most

    @InjectLocalInfra
    LocalInfra infra;

    @Test
    void theSeedsRatesCollapseOnSmallCartoonFacesAndEqualAdamRatesDoNot() throws Exception {
        TestDatasets.faces(infra, "faces", FACES, 1);

        String collapsing = startRun(4e-5, 4e-4, EPOCHS);
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(2))
                .until(() -> !List.of("queued", "running").contains(run(collapsing).getString("state")));
        JsonPath collapsed = run(collapsing);
        assertThat(collapsed.getString("state")).as("stopped by its collapse alarm").isEqualTo("stopped");
        assertThat(collapsed.getString("alarms[0].kind")).isEqualTo("collapse");
        assertThat(collapsed.getString("alarms[0].action")).isEqualTo(RunAlarm.STOPPED);
        int alarmEpoch = collapsed.getInt("alarms[0].epoch");
        assertThat(collapsed.getInt("epoch")).as("it stops at the alarm's epoch, with a checkpoint").isEqualTo(alarmEpoch);
        List<TrainingAlarm> events = BucketAndTopics.events(infra, Topics.TRAINING_ALARMS, collapsing,
                TrainingAlarm.class, 1);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(AlarmKind.collapse);
            assertThat(e.epoch()).isEqualTo(alarmEpoch);
            assertThat(e.dataset()).isEqualTo("faces");
        });

        String healthy = startRun(2e-4, 2e-4, Math.min(EPOCHS, alarmEpoch + alarmEpoch / 4 + 1));
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofSeconds(2))
                .until(() -> !List.of("queued", "running").contains(run(healthy).getString("state")));
        JsonPath ok = run(healthy);
        assertThat(ok.getString("state")).isEqualTo("completed");
        List<String> kinds = ok.getList("alarms.kind");
        assertThat(kinds == null ? List.<String>of() : kinds).as("no collapse alarm on the healthy run")
                .doesNotContain("collapse");
        assertThat(ok.getList("scores.diversity", Double.class)).last().satisfies(d -> assertThat(d).isGreaterThan(
                collapsed.getList("scores.diversity", Double.class).get(collapsed.getList("scores").size() - 1)));
    }

    private String startRun(double lrD, double lrG, int epochs) {
        return given().header("Authorization", TOKEN).contentType(ContentType.JSON)
                .body(Map.of("dataset", "faces", "preset", "tiny-32", "epochs", epochs, "batchSize", 64, "seed", 1,
                        "lrD", lrD, "lrG", lrG, "onAlarm", Map.of("collapse", "stop")))
                .post("/api/runs").then().statusCode(201).extract().path("runId");
    }

    private static JsonPath run(String runId) {
        return given().get("/api/runs/" + runId).then().statusCode(200).extract().jsonPath();
    }
}
