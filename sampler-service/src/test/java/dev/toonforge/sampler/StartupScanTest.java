package dev.toonforge.sampler;

import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.testing.InjectLocalInfra;
import dev.toonforge.infra.testing.LocalInfraTestResource;
import dev.toonforge.sampler.service.StartupScan;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The scan the service runs at start (it ran on an empty bucket when this app started; here it runs again over
 * checkpoints that were stored without any event).
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraTestResource.class)
class StartupScanTest {

    @InjectLocalInfra
    LocalInfra infra;

    @Inject
    StartupScan scan;

    @Test
    void theScanLoadsTheNewestRunPerDatasetFromLatestJson() throws Exception {
        TestCheckpoints.store(infra, "scan-old-run", "scanned", 7, TestCheckpoints.gan(31));
        // publishedAt is Instant.now() at store time: scan-new-run is the later one, whatever its epoch.
        TestCheckpoints.store(infra, "scan-new-run", "scanned", 2, TestCheckpoints.gan(32));
        TestCheckpoints.store(infra, "scan-other-run", "scanned-too", 1, TestCheckpoints.gan(33));

        assertThat(scan.scanOnce()).isGreaterThanOrEqualTo(2);
        assertThat(scan.isDone()).isTrue();

        assertThat(SamplingTest.servedEpoch("scanned")).isEqualTo(2);
        given().get("/api/samples/scanned/image.png?seed=1").then().statusCode(200)
                .header("X-Toonforge-Checkpoint", "scan-new-run@2");
        given().get("/api/samples/scanned-too/image.png?seed=1").then().statusCode(200);
        // The older run still serves when named.
        given().get("/api/samples/scanned/image.png?seed=1&run=scan-old-run").then().statusCode(200)
                .header("X-Toonforge-Checkpoint", "scan-old-run@7");
        given().get("/api/samples/scanned-too/image.png?run=scan-old-run").then().statusCode(404)
                .body("error", containsString("belongs to dataset 'scanned'"));
        assertThat(scan.scanOnce()).as("nothing newer the second time").isZero();
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
